/** The fault-injection suite: which cases run (full, or trimmed for `npm test`), and the totals. */
import { fullDiskCase, garbageCache, twoRunsOneCache, twoRunsOneDir } from './dir-cases.js';
import { killCase, mergeKillCase, sigintCase, type FaultCase } from './kill-cases.js';
import { reference, type CaseResult, type FaultConfig } from './lib.js';
import { corruptCase, MUTATIONS } from './log-cases.js';

/** The shipped pair on the five original toy tasks (one per category plus the held-out one). */
const TASKS = ['toy-sentiment', 'toy-news-topic', 'toy-passage-qa', 'toy-story-summary', 'toy-js-functions'];

export interface SuiteOptions { trimmed: boolean; seed: number; only?: string; onCase?: (r: CaseResult) => void }

export function suiteConfig(o: SuiteOptions): FaultConfig {
  const tasks = o.trimmed ? ['toy-sentiment', 'toy-story-summary', 'toy-js-functions'] : TASKS;
  return { run: ['run', 'benchmarks/smoke.yaml', '--tasks', ...tasks, '--limit', o.trimmed ? '2' : '3'], seed: o.seed };
}

export function suiteCases(trimmed: boolean): FaultCase[] {
  if (trimmed) {
    return [
      killCase('model', 1), killCase('between', 2), killCase('report', 3), killCase('time', 4),
      corruptCase('corrupt middle line'), corruptCase('torn last line (no newline)'),
      twoRunsOneDir, garbageCache, sigintCase(false), fullDiskCase(0.5),
    ];
  }
  const kinds = ['model', 'model', 'between', 'report', 'time'] as const;
  return [
    ...Array.from({ length: 20 }, (_, i) => killCase(kinds[i % kinds.length]!, i + 1)),
    mergeKillCase(1), mergeKillCase(2),
    ...Object.keys(MUTATIONS).map((m) => corruptCase(m)),
    fullDiskCase(0.3), fullDiskCase(0.7), fullDiskCase(0.95),
    twoRunsOneDir, twoRunsOneCache, garbageCache,
    sigintCase(false), sigintCase(true),
  ];
}

/** mulberry32: the kill points are the same for the same seed. */
function rngFrom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Totals { cases: number; skipped: number; lost: number; duplicated: number; differ: number }

export async function runSuite(o: SuiteOptions): Promise<{ results: CaseResult[]; totals: Totals }> {
  const cfg = suiteConfig(o);
  const ref = reference(cfg);
  const rng = rngFrom(o.seed);
  const results: CaseResult[] = [];
  for (const c of suiteCases(o.trimmed).filter((x) => !o.only || x.name.includes(o.only))) {
    let r: CaseResult;
    try {
      r = await c.run({ cfg, ref, rng });
    } catch (err) {
      r = { name: c.name, lost: 0, duplicated: 0, differ: 1, note: `the case itself failed: ${(err as Error).message.slice(0, 200)}` };
    }
    results.push(r);
    o.onCase?.(r);
  }
  const ran = results.filter((r) => !r.skipped);
  const sum = (f: (r: CaseResult) => number) => ran.reduce((n, r) => n + f(r), 0);
  return { results, totals: { cases: ran.length, skipped: results.length - ran.length, lost: sum((r) => r.lost), duplicated: sum((r) => r.duplicated), differ: sum((r) => r.differ) } };
}

export function totalsLine(t: Totals): string {
  return `cases ${t.cases}${t.skipped ? ` (+${t.skipped} skipped)` : ''}, records lost ${t.lost}, records duplicated ${t.duplicated}, results that differ ${t.differ}`;
}

export function caseLine(r: CaseResult): string {
  if (r.skipped) return `skip  ${r.name}: ${r.skipped}`;
  const ok = r.lost + r.duplicated + r.differ === 0;
  return `${ok ? 'ok  ' : 'FAIL'}  ${r.name}: lost ${r.lost}, duplicated ${r.duplicated}, differ ${r.differ} — ${r.note}`;
}
