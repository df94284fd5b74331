/** `heldout view --build OUT`: the server's pages as static files, for hosting (GitHub Pages, an artifact). */
import path from 'node:path';
import { displayPath } from '../config/load-yaml.js';
import { InputError } from '../errors.js';
import { writeFileAtomic } from '../io/atomic-write.js';
import { ViewSite } from './site.js';

export interface BuildResult {
  outDir: string;
  files: string[];
  runs: number;
}

function inside(child: string, parent: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** Write index.html, runs/<id>.html and releases/<benchmark>.html under `out`; never into a run directory. */
export async function buildStaticSite(roots: string[], out: string): Promise<BuildResult> {
  const outDir = path.resolve(out);
  const site = new ViewSite(roots, false);
  const runs = await site.runs();
  const clash = runs.find((r) => inside(outDir, r.dir));
  if (clash) {
    throw new InputError(`--build ${displayPath(outDir)} is inside the run directory ${displayPath(clash.dir)}, and heldout view never writes into a run`, {
      hint: 'pass a folder outside every run directory, e.g. --build site/',
    });
  }
  const files: string[] = [];
  for (const [rel, html] of await site.pages()) {
    const file = path.join(outDir, rel);
    // A rebuild over a published site replaces each page whole: a crash leaves the old page or the new one.
    await writeFileAtomic(file, html);
    files.push(file);
  }
  return { outDir, files, runs: runs.length };
}
