import os from 'node:os';
import path from 'node:path';

/** `$HELDOUT_CACHE_DIR`, else `~/.cache/heldout`. */
export function heldoutCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return env['HELDOUT_CACHE_DIR'] || path.join(os.homedir(), '.cache', 'heldout');
}
