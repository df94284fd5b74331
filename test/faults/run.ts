/**
 * `npm run faults`: the whole fault-injection suite on the shipped pair. Prints one line per case
 * and the totals (cases, records lost, records duplicated, results that differ); exit 0 only when
 * all three counts are zero. `-- --trimmed` runs the part `npm test` runs; `-- --seed N` moves the kill points; `-- --only TEXT` runs the cases whose name contains TEXT.
 */
import { caseLine, runSuite, totalsLine } from './suite.js';

const args = process.argv.slice(2);
const seed = Number(args[args.indexOf('--seed') + 1]) || 20240611;
const trimmed = args.includes('--trimmed');
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;
const started = Date.now();
process.stdout.write(`heldout fault-injection suite (${trimmed ? 'trimmed' : 'full'}, seed ${seed})\n`);
const { totals } = await runSuite({ trimmed, seed, only, onCase: (r) => process.stdout.write(`${caseLine(r)}\n`) });
process.stdout.write(`\n${totalsLine(totals)}  [${Math.round((Date.now() - started) / 1000)} s]\n`);
process.exitCode = totals.lost + totals.duplicated + totals.differ === 0 ? 0 : 1;
