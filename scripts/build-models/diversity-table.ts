// Print the diversity study's gain-vs-families table (markdown) from run result files, first = base.
// usage: npx tsx scripts/build-models/diversity-table.ts results/base.json results/families-01.json ...
import { gainCurveMarkdown } from '../../src/report/html/charts/gain-curve.js';
import { readRunResultFile } from '../../src/runner/result-file.js';

const files = process.argv.slice(2);
const results = await Promise.all(files.map((f) => readRunResultFile(f)));
const table = gainCurveMarkdown(results);
process.stdout.write(table ? `${table}\n` : 'not a sweep: give the base first and at least two checkpoints with different family counts\n');
