/**
 * `npm run hostile`: the #19 hostile campaign as a table. Each case builds its inputs in a temp dir,
 * runs the real CLI and checks the exit code, the message (the file or dir and a fix) and, where
 * numbers or data were at stake, what is on disk. Exit 1 when any case fails.
 * `-- --only TEXT` runs the cases whose name or item contains TEXT; `-- --fast` the npm test subset.
 */
import { cases, cleanupAll, header, rowLine, runCases, verdict } from './cases.js';

const args = process.argv.slice(2);
const only = args.includes('--only') ? args[args.indexOf('--only') + 1]! : undefined;
const list = cases.filter((c) => (!only || c.name.includes(only) || c.item === only) && (!args.includes('--fast') || c.fast));
const started = Date.now();
process.stdout.write(`heldout hostile campaign (#19): ${list.length} cases\n\n${header}\n`);
try {
  const rows = await runCases(list, (r) => process.stdout.write(`${rowLine(r)}\n`));
  const count = (v: string) => rows.filter((r) => verdict(r.o) === v).length;
  process.stdout.write(`\ntotal: ${rows.length} cases, ${count('pass')} pass, ${count('FAIL')} fail, ${count('skipped')} skipped  [${Math.round((Date.now() - started) / 1000)} s]\n`);
  process.exitCode = count('FAIL') ? 1 : 0;
} finally {
  cleanupAll();
}
