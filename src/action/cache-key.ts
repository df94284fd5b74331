/**
 * The action's cache key: the benchmark file and every model's fingerprint, so a changed model or
 * benchmark starts from the closest older cache (answers are keyed by content inside, so nothing stale
 * is ever reused) and an unchanged one restores exactly.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { sourceKind } from '../models/load-model.js';
import { fingerprintFolder, inspectModelFolder } from '../models/onnx/files.js';
import { loadBenchmark } from '../runner/load-benchmark.js';

export interface CacheKey {
  key: string;
  restoreKeys: string[];
  /** name → fingerprint (local folders) or the source itself (hub ids, servers, prediction files). */
  fingerprints: Record<string, string>;
}

const short = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 16);

/** A local folder's fingerprint as heldout records it; any other source is named by its text. */
async function identify(source: string, baseDir: string, dtype: string): Promise<string> {
  if (sourceKind(source, baseDir) !== 'folder') return source;
  try {
    return await fingerprintFolder(await inspectModelFolder(path.resolve(baseDir, source), dtype));
  } catch {
    return `unreadable:${path.resolve(baseDir, source)}`; // the run itself reports the problem
  }
}

export async function cacheKey(benchmarkFile: string, models: string[], opts: { os: string; shard?: number }): Promise<CacheKey> {
  const bench = await loadBenchmark(benchmarkFile);
  const overrides = Object.fromEntries(models.map((m) => [m.slice(0, m.indexOf('=')), m.slice(m.indexOf('=') + 1)]));
  const fingerprints: Record<string, string> = {};
  for (const [name, spec] of Object.entries(bench.spec.models)) {
    const source = overrides[name];
    fingerprints[name] = await identify(source ?? spec.source, source ? process.cwd() : bench.dir, spec.dtype);
  }
  for (const [name, source] of Object.entries(overrides)) fingerprints[name] ??= await identify(source, process.cwd(), 'fp32');
  const prefix = `heldout-${opts.os}-${bench.spec.name}-${short(await readFile(bench.file, 'utf8'))}`;
  const modelsHash = short(JSON.stringify(Object.entries(fingerprints).sort()));
  const key = `${prefix}-${modelsHash}${opts.shard ? `-shard-${opts.shard}` : ''}`;
  const restoreKeys = [...(opts.shard ? [`${prefix}-${modelsHash}-`] : []), `${prefix}-`, `heldout-${opts.os}-${bench.spec.name}-`];
  return { key, restoreKeys, fingerprints };
}
