/** Run directories written inline for the view's tests: the HTML report's synthetic pair, as files. */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Comparison } from '../../src/compare/types.js';
import type { RunResult } from '../../src/runner/result-types.js';
import { comparison, runResults } from '../report/html-fixture.js';

export interface SyntheticRun {
  benchmark?: string;
  /** Shift of the candidate's held-out gain, so runs differ. */
  shift?: number;
  gate?: 'pass' | 'fail' | 'junit-only';
  /** Seconds since the epoch written as the files' modification time (orders the runs). */
  time?: number;
  report?: boolean;
  candidateName?: string;
  /** Claims scorecard verdicts to write into comparison.json, by claim id. */
  claims?: Record<string, 'delivered' | 'not delivered' | "can't tell" | 'not measured'>;
  /** Mark the comparison's pairing partial, with this reason. */
  partial?: string;
}

function json(file: string, value: unknown): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(value, null, 2) + '\n');
}

export function writeRun(dir: string, opts: SyntheticRun = {}): { base: RunResult; cand: RunResult; comparison: Comparison } {
  const [base, cand0] = runResults();
  const benchmark = opts.benchmark ?? 'heldout-test';
  const cand: RunResult = { ...cand0, benchmark, model: { ...cand0.model, name: opts.candidateName ?? cand0.model.name, fingerprint: `sha256:${(opts.shift ?? 0).toFixed(3)}-fingerprint` } };
  const b: RunResult = { ...base, benchmark };
  const c = comparison(b, cand);
  const shift = opts.shift ?? 0;
  c.heldOut = { ...c.heldOut!, delta: c.heldOut!.delta + shift, ci: [c.heldOut!.ci[0] + shift, c.heldOut!.ci[1] + shift] };
  c.heldOut.candidate = { ...c.heldOut.candidate, value: c.heldOut.candidate.value + shift };
  c.benchmark = benchmark;
  if (opts.claims) {
    c.claims = Object.entries(opts.claims).map(([id, verdict]) => ({
      id: id as never, title: `the ${id} promise`, measure: `${id} measure`, better: 'higher' as const, baseline: 0.4, candidate: 0.5,
      effect: 0.1, ci: [0.02, 0.18] as [number, number], pValue: 0.01, verdict, rule: 'the interval lies above 0', parts: [],
    }));
  }
  if (opts.partial) c.pairing = { partial: true, reasons: [opts.partial], tasks: [] };
  json(path.join(dir, 'results', `${b.model.name}.json`), b);
  json(path.join(dir, 'results', `${cand.model.name}.json`), cand);
  json(path.join(dir, 'comparison.json'), c);
  if (opts.gate === 'pass' || opts.gate === 'fail') {
    const passed = opts.gate === 'pass';
    json(path.join(dir, 'gate.json'), { version: 1, passed, rules: [
      { name: 'held-out gain', scope: 'held-out', metric: 'primary', kind: 'min_gain', op: '>=', measured: 0.05, threshold: 0, passed: true, detail: 'ok' },
      { name: 'no regression', scope: 'overall', metric: 'primary', kind: 'no_regression', op: '>=', measured: -0.05, threshold: -0.01, passed, detail: passed ? 'ok' : 'fell 5 pts' },
    ] });
  }
  if (opts.gate === 'junit-only') {
    writeFileSync(path.join(dir, 'junit.xml'), '<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="heldout gate" tests="3" failures="2" errors="0" skipped="0" time="0">\n</testsuites>\n');
  }
  if (opts.report) writeFileSync(path.join(dir, 'report.html'), '<!doctype html><html><head><title>stored</title></head><body><h1>the stored report of this run</h1></body></html>\n');
  if (opts.time) for (const f of listFiles(dir)) utimesSync(f, opts.time, opts.time);
  return { base: b, cand, comparison: c };
}

export function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? listFiles(p) : [p];
  });
}

/** Every file under a folder with its content hash and modification time: what "never writes" is checked against. */
export function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(listFiles(dir).sort().map((f) => {
    const hash = createHash('sha256').update(readFileSync(f)).digest('hex');
    return [path.relative(dir, f), `${hash} ${statSync(f).mtimeMs}`];
  }));
}
