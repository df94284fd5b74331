/**
 * `heldout view` in real Chromium (playwright-core, Debian's /usr/bin/chromium) over three runs made
 * here with `heldout run` on three different model pairs: the index, the releases chart, a click into
 * a run's report, and no request to anywhere but the view's own 127.0.0.1 port.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli, TSX } from '../helpers/cli.js';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'];

interface Locator { count(): Promise<number>; click(): Promise<void>; first(): Locator; nth(i: number): Locator; getAttribute(name: string): Promise<string | null>; allTextContents(): Promise<string[]>; uncheck(): Promise<void> }
interface Page {
  on(event: 'console', fn: (m: { type(): string; text(): string }) => void): void;
  on(event: 'pageerror', fn: (e: Error) => void): void;
  on(event: 'request', fn: (r: { url(): string }) => void): void;
  goto(url: string): Promise<unknown>;
  locator(selector: string): Locator;
  waitForURL(url: RegExp): Promise<void>;
  evaluate<T>(expression: string): Promise<T>;
  url(): string;
}
interface Browser { newPage(): Promise<Page>; close(): Promise<void> }
interface Playwright { chromium: { launch(opts: { executablePath: string; headless: boolean; args: string[] }): Promise<Browser> } }

/** Three releases of one benchmark, each a different base/tuned pair. */
const PAIRS: [id: string, base: string, tuned: string, format: 'plain' | 'chat'][] = [
  ['r1', 'models/tiny-base', 'models/tiny-tuned', 'chat'],
  ['r2', 'test/fixtures/tiny-t5-base', 'test/fixtures/tiny-t5-tuned', 'plain'],
  ['r3', 'test/fixtures/tiny-t5-base', 'models/tiny-tuned', 'chat'],
];

function benchmark(base: string, tuned: string, format: string): string {
  return `name: view-e2e
tasks: ["${path.join(ROOT, 'tasks/toy')}/*/task.yaml"]
models:
  base: { source: ${path.join(ROOT, base)}, format: plain }
  tuned: { source: ${path.join(ROOT, tuned)}, format: ${format} }
compare: { baseline: base, candidate: tuned }
seed: 1234
gate:
  rules:
    - { name: tuned ahead overall, scope: overall, min_gain: 0.0 }
`;
}

let playwright: Playwright | string;
let browser: Browser | undefined;
let view: ChildProcess | undefined;
let url = '';
const root = mkdtempSync(path.join(tmpdir(), 'heldout-view-e2e-'));

async function loadPlaywright(): Promise<Playwright | string> {
  if (!existsSync(CHROMIUM)) return `${CHROMIUM} is not installed (apt-get install -y chromium)`;
  const name = 'playwright-core';
  try {
    return (await import(name)) as Playwright;
  } catch {
    return 'playwright-core is not installed (npm install)';
  }
}

/** `heldout view ROOT` as a user starts it; resolves with the URL it prints. */
function startView(): Promise<string> {
  view = spawn(process.execPath, ['--import', TSX, path.join(ROOT, 'src/cli/main.ts'), 'view', root], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    createInterface({ input: view!.stdout! }).once('line', resolve);
    view!.once('exit', (code) => reject(new Error(`heldout view exited with ${code}`)));
  });
}

beforeAll(async () => {
  for (const [id, base, tuned, format] of PAIRS) {
    const file = path.join(root, `${id}.yaml`);
    writeFileSync(file, benchmark(base, tuned, format));
    const r = runCli(['run', file, '--tasks', 'toy-sentiment', 'toy-news-topic', '--limit', '10', '--out', path.join(root, 'runs', id)]);
    if (r.code !== 0 && r.code !== 1) throw new Error(`heldout run ${id} exited ${r.code}: ${r.stderr}`);
  }
  url = await startView();
  playwright = await loadPlaywright();
  if (typeof playwright !== 'string') browser = await playwright.chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
});

afterAll(async () => {
  await browser?.close();
  view?.kill('SIGINT');
  rmSync(root, { recursive: true, force: true });
});

interface Opened { page: Page; problems: string[]; requests: string[] }

async function open(skip: (note: string) => never, at: string): Promise<Opened> {
  if (typeof playwright === 'string' || !browser) skip(typeof playwright === 'string' ? playwright : 'no browser');
  const page = await browser!.newPage();
  const problems: string[] = [];
  const requests: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(at);
  return { page, problems, requests };
}

describe('heldout view in Chromium', () => {
  it('prints a 127.0.0.1 URL on a free port', () => {
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  });

  it('lists the three runs with their models, fingerprints and gate verdicts', async ({ skip }) => {
    const { page, problems } = await open(skip, url);
    const runs = await page.locator('#runs-table a[data-run]').allTextContents();
    expect(runs.sort()).toEqual(['runs~r1', 'runs~r2', 'runs~r3']);
    const fingerprints = await page.locator('#runs-table td:nth-child(4)').allTextContents();
    expect(new Set(fingerprints).size).toBe(3);
    const gates = await page.locator('#runs-table td:nth-child(7)').allTextContents();
    expect(gates.every((g) => /^(passed \(1 rule\)|FAILED 1 of 1)$/.test(g))).toBe(true);
    expect(problems).toEqual([]);
  });

  it('draws one point per run for each model on the releases chart, and pairs consecutive candidates', async ({ skip }) => {
    const { page, problems } = await open(skip, url);
    await page.locator('a[data-releases="view-e2e"]').click();
    await page.waitForURL(/releases\/view-e2e\.html$/);
    const points = (series: string) => page.locator(`svg.releases-heldout circle[data-point="${series}"]`);
    expect(await points('tuned (candidate)').count()).toBe(3);
    expect(await points('base (baseline)').count()).toBe(3);
    const xs = [];
    for (let i = 0; i < 3; i++) xs.push(await points('tuned (candidate)').nth(i).getAttribute('data-x'));
    expect(xs).toEqual(['runs~r1', 'runs~r2', 'runs~r3']);
    const gains = await page.locator('#gains-table tbody tr td:nth-child(3)').allTextContents();
    expect(gains).toHaveLength(2);
    for (const g of gains) expect(g).toMatch(/^[+−]?\d+\.\d \[−?\d+\.\d, −?\d+\.\d\], p [=<] \d/);
    // Fixed / broken summed over the 0/1 tasks.
    const flips = await page.locator('#gains-table tbody tr td:last-child').allTextContents();
    for (const f of flips) expect(f).toMatch(/^\d+ \/ \d+$/); // both tasks here are 0/1
    // The table fits a 1280-pixel window (the default viewport) without scrolling sideways.
    expect(await page.evaluate<boolean>(`(() => { const w = document.querySelector('#gains-table').closest('.table-wrap') ?? document.querySelector('#gains-table').parentElement; return w.scrollWidth <= w.clientWidth + 1; })()`)).toBe(true);
    expect(problems).toEqual([]);
  });

  it('shows only the runs left ticked', async ({ skip }) => {
    const { page } = await open(skip, `${url}releases/view-e2e.html`);
    await page.locator('input[name="run"][value="runs~r2"]').uncheck();
    await page.locator('form button[type="submit"]').click();
    await page.waitForURL(/\?run=/);
    expect(await page.locator('svg.releases-heldout circle[data-point="tuned (candidate)"]').count()).toBe(2);
    expect(await page.locator('#gains-table tbody tr').count()).toBe(1);
  });

  it('opens a run\'s report on a click, and links back', async ({ skip }) => {
    const { page, problems } = await open(skip, url);
    await page.locator('#runs-table a[data-run="runs~r2"]').click();
    await page.waitForURL(/runs\/runs~r2\.html$/);
    expect(await page.locator('#headline').count()).toBe(1);
    expect(await page.locator('svg.forest rect[data-bar="forest"]').count()).toBe(2);
    await page.locator('[data-view-nav] a').first().click();
    await page.waitForURL(/index\.html$/);
    expect(await page.locator('#runs-table a[data-run]').count()).toBe(3);
    expect(problems).toEqual([]);
  });

  it('requests nothing outside its own 127.0.0.1 port on any page', async ({ skip }) => {
    const all: string[] = [];
    for (const at of [url, `${url}releases/view-e2e.html`, `${url}runs/runs~r1.html`, `${url}runs/runs~r3.html`]) {
      const { requests, problems } = await open(skip, at);
      all.push(...requests);
      expect(problems).toEqual([]);
    }
    expect(all.length).toBeGreaterThanOrEqual(4);
    expect(all.filter((r) => !r.startsWith(url))).toEqual([]);
  });
});
