import { spawnSync } from 'node:child_process';
import { existsSync, linkSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { buildStaticSite } from '../../src/view/build.js';
import { readRuns } from '../../src/view/read-run.js';
import { findRuns } from '../../src/view/scan.js';
import { startViewServer } from '../../src/view/server.js';
import { ViewSite } from '../../src/view/site.js';
import { flipCounts } from '../../src/view/pages/releases-page.js';
import { ROOT, TSX } from '../helpers/cli.js';
import { snapshot, writeRun } from './fixture.js';

const dirs: string[] = [];
const tmp = (name: string) => {
  const d = mkdtempSync(path.join(tmpdir(), `heldout-view-${name}-`));
  dirs.push(d);
  return d;
};
afterAll(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

const count = (html: string, needle: string | RegExp) => html.split(needle).length - 1;

/** Three runs of one benchmark a day apart, one of another benchmark, and a broken one. */
function reports(): string {
  const root = tmp('reports');
  const day = 86_400;
  const t0 = 1_700_000_000;
  writeRun(path.join(root, 'releases', 'v1.1'), { shift: 0, gate: 'pass', time: t0, claims: { generalization: "can't tell", breadth: 'not measured' } });
  writeRun(path.join(root, 'releases', 'v1.2'), { shift: 0.03, gate: 'fail', time: t0 + day, report: true, claims: { generalization: 'delivered', breadth: 'not delivered', stability: 'delivered' }, partial: 'toy-news has 40 items paired of 80' });
  writeRun(path.join(root, 'releases', 'v1.3'), { shift: 0.05, gate: 'junit-only', time: t0 + 2 * day });
  writeRun(path.join(root, 'other'), { benchmark: 'other-bench', time: t0 + 3 * day });
  const broken = path.join(root, 'broken');
  mkdirSync(path.join(broken, 'results'), { recursive: true });
  writeFileSync(path.join(broken, 'comparison.json'), '{"version": 1, "tasks": [');
  return root;
}

describe('finding run directories', () => {
  it('finds runs at any depth, names them by their path, and skips what lives inside a run', async () => {
    const root = reports();
    mkdirSync(path.join(root, 'releases', 'v1.1', 'samples', 'nested', 'results'), { recursive: true });
    const runs = await findRuns([root]);
    expect(runs.map((r) => r.id).sort()).toEqual(['broken', 'other', 'releases~v1.1', 'releases~v1.2', 'releases~v1.3']);
  });

  it('names a root that is itself a run by its folder, prefixes roots when there are several, and keeps ids unique', async () => {
    const a = tmp('a');
    const b = tmp('b');
    writeRun(path.join(a, 'smoke'));
    writeRun(path.join(b, 'smoke'));
    expect((await findRuns([path.join(a, 'smoke')])).map((r) => r.id)).toEqual(['smoke']);
    const two = await findRuns([a, b]);
    expect(two.map((r) => r.id)).toEqual([`${path.basename(a)}~smoke`, `${path.basename(b)}~smoke`]);
    const same = await findRuns([path.join(a, 'smoke'), path.join(b, 'smoke')]);
    expect(same.map((r) => r.id)).toEqual(['smoke', 'smoke-2']);
  });

  it('says which folder is missing', async () => {
    const missing = path.join(tmp('none'), 'reports');
    await expect(findRuns([missing])).rejects.toThrow(InputError);
    await expect(findRuns([missing])).rejects.toThrow(/reports is not a folder/);
  });
});

describe('the pages', () => {
  const root = reports();
  const site = new ViewSite([root], true);

  it('lists every run, newest first, with its gain, interval and gate verdict; a broken run shows its problem', async () => {
    const { status, body } = await site.respond('/');
    expect(status).toBe(200);
    const order = [...body.matchAll(/data-run="([^"]+)"/g)].map((m) => m[1]);
    // The broken run was written just now: newest.
    expect(order).toEqual(['broken', 'other', 'releases~v1.3', 'releases~v1.2', 'releases~v1.1']);
    expect(body).toContain('passed (2 rules)');
    expect(body).toContain('FAILED 1 of 2');
    expect(body).toContain('FAILED 2 of 3'); // junit.xml of an older run
    expect(body).toContain('+16.5</span> <span class="muted">[12.5, 20.5]'); // v1.3: 11.5 + 5 points
    expect(body).toMatch(/broken<\/a><div class="problem">[^<]*comparison\.json is not valid JSON/);
    expect(body).toContain('href="releases/heldout-test.html"');
    expect(body).toContain('href="releases/other-bench.html"');
  });

  it('shows each run\'s claims scorecard and marks a partial comparison with its reasons', async () => {
    const { body } = await site.respond('/');
    expect(body).toContain('data-claims="2/3">2 of 3 delivered');
    expect(body).toContain('data-claims="0/1">0 of 1 delivered');
    expect(body).toContain('<span class="tag problem" title="toy-news has 40 items paired of 80">partial</span>');
    const releases = (await site.respond('/releases/heldout-test.html')).body;
    const table = releases.slice(releases.indexOf('<table class="claims-runs">'), releases.indexOf('</table>', releases.indexOf('<table class="claims-runs">')));
    expect([...table.matchAll(/<td data-claim="generalization"[^>]*><span class="(\w+)">([^<]+)</g)].map((m) => `${m[1]}:${m[2]}`).slice(0, 2)).toEqual(['unclear:can&#39;t tell', 'better:delivered']);
    expect(table).toContain('<td data-claim="breadth"');
    expect(table.match(/<tr>/g)!.length).toBeGreaterThanOrEqual(3); // generalization, breadth, stability, and v1.3's own
    expect(table).toMatch(/<tr><td><strong>stability<\/strong>.*?<\/td><td class="muted">—<\/td>/); // v1.1 did not measure it
  });

  it('serves the report a run wrote, with links back into the view', async () => {
    const { body } = await site.respond('/runs/releases~v1.2.html');
    expect(body).toContain('the stored report of this run');
    expect(body).toMatch(/<body>\n<nav class="sub view-back" data-view-nav><a href="..\/index.html">← all runs<\/a> · <a href="..\/releases\/heldout-test.html">/);
  });

  it('renders a report from the JSON files when the run wrote none', async () => {
    const { body } = await site.respond('/runs/releases~v1.1.html');
    expect(body).toContain('heldout report: heldout-test');
    expect(body).toContain('data-bar="forest"');
    expect(body).toContain('Gate passed: all 2 rules hold.');
  });

  it('draws one point per run of the benchmark for each model, in date order', async () => {
    const { body } = await site.respond('/releases/heldout-test.html');
    const held = body.slice(body.indexOf('class="chart line-chart releases-heldout"'));
    const chart = held.slice(0, held.indexOf('</svg>'));
    const xs = (series: string) => [...chart.matchAll(new RegExp(`data-point="${series}" data-x="([^"]+)"`, 'g'))].map((m) => m[1]);
    expect(xs('tiny-tuned \\(candidate\\)')).toEqual(['releases~v1.1', 'releases~v1.2', 'releases~v1.3']);
    expect(xs('tiny-base \\(baseline\\)')).toHaveLength(3);
    expect(count(chart, 'class="ci-band"')).toBe(2);
    expect(body).not.toContain('data-x="other"');
  });

  it('says why two runs cannot be paired instead of failing the page', async () => {
    // The synthetic results carry no per-item statistics, so the candidates share nothing to pair.
    const { status, body } = await site.respond('/releases/heldout-test.html');
    expect(status).toBe(200);
    expect(count(body, 'not comparable: the two runs share no task and metric')).toBe(2);
  });

  it('shows only the ticked runs', async () => {
    const q = new URLSearchParams([['run', 'releases~v1.1'], ['run', 'releases~v1.3']]);
    const { body } = await site.respond('/releases/heldout-test.html', q);
    expect(body).toContain('2 of 3 runs shown');
    expect(body).toMatch(/value="releases~v1.2" aria-label="show releases~v1.2">/);
    expect(body).toMatch(/value="releases~v1.3" checked/);
  });

  it('answers 404 for unknown pages, runs and benchmarks', async () => {
    for (const p of ['/nope', '/runs/nope.html', '/releases/nope.html', '/runs/%E0%A4%A.html']) expect((await site.respond(p)).status).toBe(404);
  });
});

/** A GET with another Host header, as a page whose DNS was rebound to 127.0.0.1 would send. */
function statusWithHost(url: string, host: string): Promise<number | undefined> {
  return new Promise((resolve, reject) => {
    request(url, { headers: { host } }, (res) => { res.resume(); resolve(res.statusCode); }).on('error', reject).end();
  });
}

describe('the server', () => {
  it('listens on 127.0.0.1 only, on a free port, refuses other host names and anything but reading', async () => {
    const root = reports();
    const server = await startViewServer({ roots: [root] });
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      expect(server.port).toBeGreaterThan(0);
      expect((await fetch(server.url)).status).toBe(200);
      expect((await fetch(`${server.url}favicon.ico`)).status).toBe(204);
      expect((await fetch(server.url, { method: 'POST' })).status).toBe(405);
      expect(await statusWithHost(server.url, 'evil.example')).toBe(403);
      expect(await statusWithHost(server.url, `localhost:${server.port}`)).toBe(200);
    } finally {
      await server.close();
    }
  });

  it('says a port is taken', async () => {
    const root = reports();
    const first = await startViewServer({ roots: [root] });
    try {
      await expect(startViewServer({ roots: [root], port: first.port })).rejects.toThrow(/cannot listen on 127\.0\.0\.1:\d+.*EADDRINUSE/);
    } finally {
      await first.close();
    }
  });
});

describe('reading only', () => {
  it('never changes a run directory, not even a sample log with a torn last line', async () => {
    const root = reports();
    const run = path.join(root, 'releases', 'v1.1');
    const log = path.join(run, 'samples', 'tiny-base', 'sentiment-mini.jsonl');
    mkdirSync(path.dirname(log), { recursive: true });
    const record = { key: 'k1', model: 'tiny-base', task: 'sentiment-mini', template: 't1', item: 'i1', prompt: 'p', references: ['positive'], answer: 'A RECORDED ANSWER', truncatedTokens: 0, scores: {}, stats: {} };
    writeFileSync(log, `${JSON.stringify(record)}\n{"key": "torn`);
    const before = snapshot(root);
    const site = new ViewSite([root], true);
    const page = await site.respond('/runs/releases~v1.1.html');
    expect(page.body).toContain('A RECORDED ANSWER');
    for (const p of ['/', '/releases/heldout-test.html', '/runs/releases~v1.2.html', '/runs/broken.html']) await site.respond(p);
    await buildStaticSite([root], tmp('site'));
    expect(snapshot(root)).toEqual(before);
  });

  it('builds the site from run directories mounted read-only (bubblewrap)', ({ skip }) => {
    const probe = spawnSync('bwrap', ['--ro-bind', '/', '/', '--dev', '/dev', 'true']);
    if (probe.error || probe.status !== 0) skip('bubblewrap cannot run here (apt-get install bubblewrap)');
    const root = reports();
    const out = tmp('ro-site');
    const scratch = tmp('ro-scratch'); // tsx's compile cache; everything else is read-only
    const r = spawnSync('bwrap', ['--ro-bind', '/', '/', '--dev', '/dev', '--proc', '/proc', '--bind', out, out, '--bind', scratch, scratch,
      process.execPath, '--import', TSX, path.join(ROOT, 'src/cli/main.ts'), 'view', root, '--build', out], { encoding: 'utf8', env: { ...process.env, TMPDIR: scratch } });
    expect(r.status, r.stderr).toBe(0);
    const touch = spawnSync('bwrap', ['--ro-bind', '/', '/', '--dev', '/dev', 'touch', path.join(root, 'other', 'x')], { encoding: 'utf8' });
    expect(touch.stderr).toMatch(/Read-only file system/);
    expect(readFileSync(path.join(out, 'index.html'), 'utf8')).toContain('releases~v1.3');
    expect(existsSync(path.join(out, 'releases', 'heldout-test.html'))).toBe(true);
  });
});

describe('the static build', () => {
  it('writes every page with links that resolve between the files, and no picker form', async () => {
    const root = reports();
    const out = tmp('site');
    const result = await buildStaticSite([root], out);
    expect(result.runs).toBe(5);
    const index = readFileSync(path.join(out, 'index.html'), 'utf8');
    const links = (html: string) => [...html.matchAll(/href="([^"#?]+)"/g)].map((m) => m[1]!).filter((h) => !h.startsWith('data:'));
    expect(links(index).length).toBeGreaterThan(6);
    for (const href of links(index)) expect(existsSync(path.join(out, href)), href).toBe(true);
    const releases = readFileSync(path.join(out, 'releases', 'heldout-test.html'), 'utf8');
    for (const href of links(releases)) expect(existsSync(path.join(out, 'releases', href)), href).toBe(true);
    expect(releases).not.toContain('<form');
    expect(releases).toContain('A static build shows the runs it was built from');
  });

  it('replaces each page whole on a rebuild (temporary file, then rename), never rewriting one in place', async () => {
    const root = reports();
    const out = tmp('site-again');
    await buildStaticSite([root], out);
    // A hard link sees in-place writes; a page replaced by rename leaves it as it was.
    const old = path.join(tmp('old-page'), 'index.html');
    linkSync(path.join(out, 'index.html'), old);
    writeFileSync(old, 'the published page');
    await buildStaticSite([root], out);
    expect(readFileSync(old, 'utf8')).toBe('the published page');
    expect(readFileSync(path.join(out, 'index.html'), 'utf8')).toContain('releases~v1.3');
    expect(readdirSync(out).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('refuses to write into a run directory', async () => {
    const root = reports();
    await expect(buildStaticSite([root], path.join(root, 'other', 'site'))).rejects.toThrow(/is inside the run directory .*other, and heldout view never writes into a run/);
    expect(existsSync(path.join(root, 'other', 'site'))).toBe(false);
  });
});

describe('fixed / broken between consecutive candidates', () => {
  const task = (primary: boolean, fixed?: number, broken?: number) => ({ primary, ...(fixed === undefined ? {} : { fixed, broken }) });
  const of = (tasks: object[]) => flipCounts({ tasks } as never);
  it('sums the tasks whose primary metric is 0/1, says how many when a suite also has others, and is — with none', () => {
    expect(of([task(true, 3, 1), task(true, 2, 0), task(false, 9, 9)])).toBe('5 / 1');
    expect(of([task(true, 3, 1), task(true), task(true, 0, 2)])).toBe('3 / 3 (2 of 3 tasks)');
    expect(of([task(true), task(false, 1, 1)])).toBe('—');
  });
});

describe('when a run happened', () => {
  it('is the time run.json says it finished, not when its files were copied; file times only without it', async () => {
    const root = tmp('dates');
    const manifest = (finished?: string) => JSON.stringify({ version: 1, benchmark: 'heldout-test', models: [], tasks: [], ...(finished ? { finished } : {}) });
    // "early" finished first but was copied (downloaded as an artifact) last: its files are newest
    writeRun(path.join(root, 'early'), { time: 1_700_200_000 });
    writeFileSync(path.join(root, 'early', 'run.json'), manifest('2023-11-14T00:00:00.000Z'));
    writeRun(path.join(root, 'late'), { time: 1_700_000_000 });
    writeFileSync(path.join(root, 'late', 'run.json'), manifest('2023-11-17T00:00:00.000Z'));
    writeRun(path.join(root, 'old-format'), { time: 1_700_100_000 });
    const runs = await readRuns(await findRuns([root]));
    expect(runs.map((r) => path.basename(r.dir))).toEqual(['early', 'old-format', 'late']);
    expect(runs[0]!.date).toBe(Date.parse('2023-11-14T00:00:00.000Z'));
  });
});
