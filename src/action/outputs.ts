/** Step outputs as GitHub reads them from $GITHUB_OUTPUT. */
import { randomBytes } from 'node:crypto';
import type { CacheKey } from './cache-key.js';
import type { ActionPlan } from './plan.js';

/** `name=value` lines for $GITHUB_OUTPUT; multi-line values in the heredoc form. */
export function outputLines(outputs: Record<string, string>): string {
  return Object.entries(outputs).map(([k, v]) => {
    if (!v.includes('\n')) return `${k}=${v}\n`;
    const eof = `EOF_${randomBytes(8).toString('hex')}`;
    return `${k}<<${eof}\n${v}\n${eof}\n`;
  }).join('');
}

/** What the plan step tells the steps after it (action.yml reads these as steps.plan.outputs.*). */
export function planOutputs(p: ActionPlan, key: CacheKey | null, cacheDir: string): Record<string, string> {
  return {
    mode: p.mode, 'benchmark-name': p.benchmarkName, 'out-dir': p.outDir, artifact: p.artifact,
    'shard-pattern': p.shardPattern, 'shards-dir': p.shardsDir, cache: String(p.cache),
    'cache-dir': cacheDir, 'cache-key': key?.key ?? '', 'cache-restore-keys': key?.restoreKeys.join('\n') ?? '',
  };
}
