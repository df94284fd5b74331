/**
 * The written report in a real browser (headless Chromium through playwright-core): it loads
 * without errors or requests, its charts have their bars, and clicking a header sorts the table.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { htmlWriter } from '../../src/report/html/index.js';
import { reportContext, TASKS } from './html-fixture.js';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'];

/** The few playwright-core calls used here, so the test type-checks without the package installed. */
interface Locator { count(): Promise<number>; allTextContents(): Promise<string[]>; click(): Promise<void>; first(): Locator; getAttribute(name: string): Promise<string | null> }
interface Page {
  on(event: 'console', fn: (m: { type(): string; text(): string }) => void): void;
  on(event: 'pageerror', fn: (e: Error) => void): void;
  on(event: 'request', fn: (r: { url(): string }) => void): void;
  goto(url: string): Promise<unknown>;
  locator(selector: string): Locator;
  evaluate<T>(expression: string): Promise<T>;
  setViewportSize(size: { width: number; height: number }): Promise<void>;
}
interface Browser { newPage(opts?: { javaScriptEnabled?: boolean }): Promise<Page>; close(): Promise<void> }
interface Playwright { chromium: { launch(opts: { executablePath: string; headless: boolean; args: string[] }): Promise<Browser> } }

async function loadPlaywright(): Promise<Playwright | string> {
  if (!existsSync(CHROMIUM)) return `${CHROMIUM} is not installed (apt-get install -y chromium)`;
  const name = 'playwright-core';
  try {
    return (await import(name)) as Playwright;
  } catch {
    return 'playwright-core is not installed (npm install)';
  }
}

let playwright: Playwright | string;
let browser: Browser | undefined;
let dir = '';
let url = '';

beforeAll(async () => {
  playwright = await loadPlaywright();
  if (typeof playwright === 'string') return;
  dir = await mkdtemp(join(tmpdir(), 'heldout-html-browser-'));
  const [path] = await htmlWriter.write(reportContext(dir, { gate: true, models: 3 }));
  url = pathToFileURL(path!).href;
  browser = await playwright.chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
});

afterAll(async () => {
  await browser?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

interface Opened { page: Page; problems: string[]; requests: string[] }

async function open(skip: (note: string) => never, opts: { javaScriptEnabled?: boolean } = {}): Promise<Opened> {
  if (typeof playwright === 'string' || !browser) skip(typeof playwright === 'string' ? playwright : 'no browser');
  const page = await browser!.newPage(opts);
  const problems: string[] = [];
  const requests: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(url);
  return { page, problems, requests };
}

describe('report.html in Chromium', () => {
  it('loads with no console errors and requests nothing but itself', async ({ skip }) => {
    const { problems, requests } = await open(skip);
    expect(problems).toEqual([]);
    expect(requests).toEqual([url]);
  });

  it('opens with the claims scorecard: six claims, each with a verdict, measured ones with their interval drawn', async ({ skip }) => {
    const { page } = await open(skip);
    const first = await page.evaluate<string>(`document.querySelector('body > section').id`);
    expect(first).toBe('claims');
    expect(await page.locator('#claims tr.claim').count()).toBe(6);
    expect(await page.locator('#claims tr.claim .badge').count()).toBe(6);
    const measured = await page.locator('#claims tr.claim .badge:not(.unmeasured)').count();
    expect(measured).toBeGreaterThan(0);
    const strips = await page.evaluate<number[]>(`[...document.querySelectorAll('#claims svg.claim-strip')].map((svg) => svg.querySelector('line.whisker').getBoundingClientRect().width)`);
    expect(strips.length).toBe(measured);
    expect(strips.every((w) => w >= 1)).toBe(true);
  });

  it('the scorecard fits a 1280-pixel window and a 400-pixel phone: no sideways scrolling, every verdict on screen, one scale for the intervals', async ({ skip }) => {
    const { page } = await open(skip);
    for (const width of [1280, 400]) {
      await page.setViewportSize({ width, height: 900 });
      const fit = await page.evaluate<{ scroll: number; client: number; badges: number[]; rows: number }>(`(() => {
        const wrap = document.querySelector('#claims .table-wrap');
        const badges = [...document.querySelectorAll('#claims tr.claim .badge')].map((b) => b.getBoundingClientRect().right);
        return { scroll: wrap.scrollWidth, client: wrap.clientWidth, badges, rows: document.querySelectorAll('#claims tr.claim').length };
      })()`);
      expect(fit.rows, `${width}px`).toBe(6);
      expect(fit.scroll, `${width}px`).toBeLessThanOrEqual(fit.client + 1);
      expect(fit.badges.every((right) => right <= width), `${width}px: ${fit.badges}`).toBe(true);
      // Every strip drawn in points puts 0 at the same place as the axis' 0 (breadth has its own 0–100% strip).
      const zeros = await page.evaluate<number[]>(`[...document.querySelectorAll('#claims tr.claim:not([data-claim="breadth"]) svg.claim-strip')].map((svg) => {
        const line = svg.querySelector('line.grid') ?? svg.querySelector('line.zero');
        return line.getBoundingClientRect().left - svg.getBoundingClientRect().left;
      })`);
      const axisZero = await page.evaluate<number>(`(() => {
        const svg = document.querySelector('#claims svg.claim-axis');
        const tick = [...svg.querySelectorAll('text.tick')].find((t) => t.textContent === '0');
        const r = tick.getBoundingClientRect();
        return r.left + r.width / 2 - svg.getBoundingClientRect().left;
      })()`);
      expect(zeros.length).toBeGreaterThan(2);
      for (const z of zeros) expect(Math.abs(z - axisZero), `${width}px`).toBeLessThan(2);
    }
  });

  it('draws the bars of every chart', async ({ skip }) => {
    const { page } = await open(skip);
    expect(await page.locator('svg.forest rect[data-bar="forest"]').count()).toBe(TASKS.length);
    expect(await page.locator('svg.forest path[data-summary]').count()).toBe(3);
    expect(await page.locator('svg.categories rect[data-bar="category"][data-model="candidate"]').count()).toBeGreaterThan(3);
    expect(await page.locator('svg.spread rect[data-bar="spread"]').count()).toBe(2 * TASKS.length);
    // Drawn, not just present: every forest bar has a width on screen.
    const widths = await page.evaluate<number[]>(`[...document.querySelectorAll('[data-bar="forest"]')].map((e) => e.getBoundingClientRect().width)`);
    expect(widths.every((w) => w > 1)).toBe(true);
  });

  it('sorts the task table when a header is clicked, and reverses on a second click', async ({ skip }) => {
    const { page, problems } = await open(skip);
    const column = (n: number) => page.locator(`#tasks-table tbody tr td:nth-child(${n})`).allTextContents();
    const deltas = async () => (await column(8)).map((t) => Number(t.replace('−', '-')));
    const before = await column(1);
    const header = page.locator('#tasks-table th').first();
    expect(await header.getAttribute('aria-sort')).toBeNull();
    await page.locator('#tasks-table th:nth-child(8)').click();
    const asc = await deltas();
    expect(asc).toEqual([...asc].sort((a, b) => a - b));
    expect(await column(1)).not.toEqual(before);
    await page.locator('#tasks-table th:nth-child(8)').click();
    const desc = await deltas();
    expect(desc).toEqual([...asc].reverse());
    await page.locator('#tasks-table th:nth-child(1)').click();
    const names = await column(1);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
    expect(problems).toEqual([]);
  });

  it('shows charts, tables and item diffs with JavaScript disabled', async ({ skip }) => {
    const { page, problems } = await open(skip, { javaScriptEnabled: false });
    expect(await page.locator('[data-bar="forest"]').count()).toBe(TASKS.length);
    expect(await page.locator('#tasks-table tbody tr').count()).toBe(TASKS.flatMap((t) => t.metrics).length);
    expect(await page.locator('details.flip').count()).toBeGreaterThan(0);
    expect(problems).toEqual([]);
  });
});
