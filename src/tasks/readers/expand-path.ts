import { homedir } from 'node:os';
import path from 'node:path';
import { DataError } from '../../errors.js';

const VARIABLE = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/**
 * Expand `${VAR}` (and a leading `~/`) in a data path, then resolve it against
 * `baseDir` (the task file's folder). An unset or empty variable is an error:
 * a silently empty `${HELDOUT_DATA_DIR}` would point at the filesystem root.
 */
export function expandPath(p: string, baseDir: string, env: NodeJS.ProcessEnv = process.env): string {
  const expanded = p.replace(VARIABLE, (_match, name: string) => {
    const value = env[name];
    if (value === undefined || value === '') {
      throw new DataError(`data path ${p} uses \${${name}}, which is not set`, {
        hint: `set ${name} (e.g. \`export ${name}=/path/to/data\`) or write the path out in the task file`,
      });
    }
    return value;
  });
  const home = expanded === '~' || expanded.startsWith('~/') ? homedir() + expanded.slice(1) : expanded;
  return path.resolve(baseDir, home);
}
