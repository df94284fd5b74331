// Runs every shipped code row's `solution` against its `tests` with node; exits 1 on any failure.
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const file = process.argv[2];
const rows = readFileSync(file, 'utf8').trim().split('\n').map((line) => JSON.parse(line));
const dir = mkdtempSync(join(tmpdir(), 'heldout-solutions-'));
let failed = 0;
for (const row of rows) {
  const path = join(dir, `${row.id}.cjs`);
  writeFileSync(path, `${row.solution}\n${row.tests}\n`);
  try {
    execFileSync(process.execPath, [path], { stdio: 'pipe', timeout: 5000 });
  } catch (err) {
    failed += 1;
    console.error(`${row.id}: ${String(err.stderr ?? err).split('\n').slice(0, 6).join('\n')}`);
  }
}
rmSync(dir, { recursive: true, force: true });
console.log(`solutions: ${rows.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
