/**
 * gate.json: the gate's verdict (every rule with its measured value and threshold) next to junit.xml,
 * so tools that read run directories (heldout view, the GitHub action) need not parse XML.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { displayPath } from '../config/load-yaml.js';
import { InputError } from '../errors.js';
import { writeFileAtomic } from '../io/atomic-write.js';
import type { GateVerdictLike, ReportWriter } from './types.js';

export interface GateFile extends GateVerdictLike {
  version: 1;
}

/** What a run directory says about its gate: the full verdict, or only counts from an older junit.xml. */
export interface StoredVerdict {
  passed: boolean;
  failed: number;
  total: number;
  /** Present when read from gate.json. */
  verdict?: GateVerdictLike;
  file: string;
}

export const gateJsonWriter: ReportWriter = {
  name: 'gate-json',
  async write(ctx) {
    if (!ctx.gate) return [];
    const file = path.join(ctx.outDir, 'gate.json');
    const out: GateFile = { version: 1, passed: ctx.gate.passed, rules: ctx.gate.rules };
    await writeFileAtomic(file, JSON.stringify(out, null, 2) + '\n');
    return [file];
  },
};

/** The verdict stored in a run directory (gate.json, else junit.xml's counts); null when no gate ran. */
export async function readStoredVerdict(dir: string): Promise<StoredVerdict | null> {
  const json = path.join(dir, 'gate.json');
  if (existsSync(json)) return fromGateJson(json);
  const junit = path.join(dir, 'junit.xml');
  if (existsSync(junit)) return fromJunit(junit);
  return null;
}

async function fromGateJson(file: string): Promise<StoredVerdict> {
  const hint = 'gate.json is written by heldout run (with a gate) and heldout gate; run the gate again to rewrite it';
  let g: Partial<GateFile>;
  try {
    g = JSON.parse(await readFile(file, 'utf8')) as Partial<GateFile>;
  } catch (cause) {
    throw new InputError(`${displayPath(file)} is not valid JSON: ${(cause as Error).message}`, { file, hint, cause });
  }
  if (g?.version !== 1 || typeof g.passed !== 'boolean' || !Array.isArray(g.rules)) {
    throw new InputError(`${displayPath(file)} is not a heldout gate verdict of version 1`, { file, hint });
  }
  const verdict = { passed: g.passed, rules: g.rules };
  return { passed: g.passed, failed: g.rules.filter((r) => !r.passed).length, total: g.rules.length, verdict, file };
}

/** junit.xml as src/report/junit.ts writes it: the counts on its `<testsuites>` element. */
async function fromJunit(file: string): Promise<StoredVerdict> {
  const text = await readFile(file, 'utf8');
  const head = text.match(/<testsuites\b[^>]*>/)?.[0] ?? '';
  const tests = Number(head.match(/\btests="(\d+)"/)?.[1]);
  const failures = Number(head.match(/\bfailures="(\d+)"/)?.[1]);
  if (!Number.isInteger(tests) || !Number.isInteger(failures)) {
    throw new InputError(`${displayPath(file)} has no <testsuites tests=… failures=…> element`, {
      file, hint: 'junit.xml is written by heldout gate; run the gate again to rewrite it',
    });
  }
  return { passed: failures === 0, failed: failures, total: tests, file };
}
