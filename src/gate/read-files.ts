/** The gate reads the shared versioned readers (one per file type); only its hints are its own. */
import type { Comparison } from '../compare/types.js';
import { readComparisonFile as readComparison } from '../compare/comparison-file.js';
import { readRunResultFile as readRunResult } from '../runner/result-file.js';
import type { RunResult } from '../runner/result-types.js';

export async function readComparisonFile(file: string): Promise<Comparison> {
  return readComparison(file);
}

/** results/<model>.json named by a no_regression rule. */
export async function readRunResultFile(file: string): Promise<RunResult> {
  return readRunResult(file, 'point no_regression.against at a results/<model>.json written by heldout run (relative to the policy file)');
}
