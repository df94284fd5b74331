import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { ROOT } from './paths.js';

export { ROOT } from './paths.js';

/** tsx's loader by absolute URL, so the CLI runs from any working directory. */
export const TSX = import.meta.resolve('tsx');

export interface CliResult { code: number | null; stdout: string; stderr: string }

/** Run the heldout CLI from source, as a user would, in `cwd`. */
export function runCli(args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; timeout?: number } = {}): CliResult {
  const r = spawnSync(process.execPath, ['--import', TSX, path.join(ROOT, 'src/cli/main.ts'), ...args], {
    cwd: opts.cwd ?? ROOT,
    env: { ...process.env, NO_COLOR: '1', CI: 'true', ...opts.env },
    encoding: 'utf8',
    timeout: opts.timeout ?? 300_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
