// The diversity study's chart as a page of its own (the HTML report's chart and table, its styles
// inlined), for a screenshot: the README's figure is that page rendered by headless Chromium.
// usage: npx tsx scripts/build-models/diversity-figure.ts OUT.html results/base.json results/families-01.json ...
import { writeFile } from 'node:fs/promises';
import { gainCurveBody } from '../../src/report/html/charts/gain-curve.js';
import { STYLE } from '../../src/report/html/style.js';
import { readRunResultFile } from '../../src/runner/result-file.js';

const [out, ...files] = process.argv.slice(2);
if (!out || files.length < 3) throw new Error('usage: diversity-figure.ts OUT.html BASE.json CHECKPOINT.json CHECKPOINT.json ...');
const body = gainCurveBody(await Promise.all(files.map((f) => readRunResultFile(f))));
if (!body) throw new Error('not a sweep: give the base first and at least two checkpoints with different family counts');
await writeFile(out, `<!doctype html><meta charset="utf-8"><style>${STYLE} body { margin: 16px; max-width: 860px; }</style><main>${body}</main>\n`);
