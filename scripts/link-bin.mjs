// npm links the bins of a project's dependencies, not the project's own: link heldout's, so the
// README's `npx heldout …` also works inside a clone of the repository. Run by `npm install` / `npm ci` (prepare).
import { existsSync, lstatSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import path from 'node:path';

const root = path.dirname(path.dirname(new URL(import.meta.url).pathname));
const binDir = path.join(root, 'node_modules', '.bin');
// Only in a clone (src/ is there): as an installed package, npm links the bin itself and there is nothing to do.
if (existsSync(path.join(root, 'src/cli/main.ts')) && existsSync(path.join(root, 'node_modules'))) {
  mkdirSync(binDir, { recursive: true });
  const link = path.join(binDir, 'heldout');
  try { if (lstatSync(link)) rmSync(link); } catch { /* not there yet */ }
  symlinkSync(path.relative(binDir, path.join(root, 'bin', 'heldout.mjs')), link);
}
