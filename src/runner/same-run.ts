import { RunError } from '../errors.js';
import { manifestKey, type RunManifest } from './manifest.js';
import type { ModelIdentity } from './result-types.js';

/** Answers of one run never mix with another's: same benchmark, tasks, items, settings and shard. */
export function checkSameRun(previous: RunManifest | null, manifest: RunManifest, outDir: string): void {
  if (!previous) return;
  if (manifestKey(previous) === manifestKey(manifest) && JSON.stringify(previous.shard) === JSON.stringify(manifest.shard)) return;
  throw new RunError(`${outDir} holds a different run (benchmark, tasks, items, settings or shard changed)`, {
    file: outDir, hint: `pass another --out, or delete ${outDir} to start over`,
  });
}

/**
 * A model name stands for the same model in every piece of a run: the same weights
 * (fingerprint), prompt format, shots and dtype. Checked before anything is asked.
 */
export function checkSameModels(previous: ModelIdentity[], current: ModelIdentity[], outDir: string): void {
  for (const now of current) {
    const before = previous.find((m) => m.name === now.name);
    const changed = before ? modelDifference(before, now) : null;
    if (changed) {
      throw new RunError(`${outDir} holds answers of another "${now.name}" (${changed})`, {
        file: outDir, hint: `pass another --out for a different model, or delete ${outDir} to start over`,
      });
    }
  }
}

/** What differs between two identities of one model name ("fingerprint sha256:a…, now sha256:b…"), or null. */
export function modelDifference(a: ModelIdentity, b: ModelIdentity): string | null {
  for (const field of ['fingerprint', 'format', 'shots', 'dtype'] as const) {
    if ((a[field] ?? null) !== (b[field] ?? null)) return `${field} ${String(a[field])}, now ${String(b[field])}`;
  }
  return null;
}
