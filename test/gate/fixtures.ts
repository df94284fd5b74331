/** Synthetic base / tuned / previous-release runs with per-item stats, paired by the real compareRuns. */
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { compareRuns } from '../../src/compare/compare.js';
import type { Comparison } from '../../src/compare/types.js';
import type { MetricValue, ModelIdentity, RunResult, TaskResult } from '../../src/runner/result-types.js';
import { templateSpread, wilsonInterval } from '../../src/stats/index.js';
import type { Category } from '../../src/tasks/types.js';

export const TEMPLATES = ['t1', 't2', 't3'];
export const ITEMS = 100;

/** One item's score under one template: 0/1 for acc and exact_match, a fraction for squad_f1. */
export type Scorer = (item: number, template: string) => number;

export interface TaskSpec {
  id: string;
  category: Category;
  family: string;
  /** Metric name → scorer; the first is the task's primary metric. */
  metrics: Record<string, Scorer>;
}

function value(scores: number[]): MetricValue {
  const mean = scores.reduce((a, b) => a + b, 0) / scores.length;
  const ci = wilsonInterval(Math.round(mean * scores.length), scores.length);
  return { value: mean, ci, n: scores.length };
}

function taskResult(spec: TaskSpec, trained: string[]): TaskResult {
  const items = Array.from({ length: ITEMS }, (_, i) => `${spec.id}-${i}`);
  const t: TaskResult = {
    id: spec.id, category: spec.category, family: spec.family, heldOut: !trained.includes(spec.family),
    primary: Object.keys(spec.metrics)[0]!, metrics: {}, templates: {}, spread: {}, truncated: 0, items, stats: {},
  };
  for (const [name, score] of Object.entries(spec.metrics)) {
    const perTemplate = Object.fromEntries(TEMPLATES.map((tpl) => [tpl, items.map((_, i) => [score(i, tpl)])]));
    t.stats[name] = perTemplate;
    for (const tpl of TEMPLATES) (t.templates[tpl] ??= {})[name] = value(perTemplate[tpl]!.map((r) => r[0]!));
    const all = { ...value(TEMPLATES.flatMap((tpl) => perTemplate[tpl]!.map((r) => r[0]!))), n: ITEMS };
    t.metrics[name] = all;
    t.spread[name] = templateSpread(TEMPLATES.map((id) => ({ id, value: t.templates[id]![name]!.value })));
  }
  return t;
}

function identity(name: string, trainedFamilies: string[]): ModelIdentity {
  return { name, source: `models/${name}`, backend: 'onnx', fingerprint: `${name}-fp`, format: 'plain', shots: 0, trainedFamilies };
}

export function runResult(name: string, trained: string[], tasks: TaskSpec[]): RunResult {
  return { version: 1, benchmark: 'gate-test', model: identity(name, trained), seed: 7, settings: {}, tasks: tasks.map((t) => taskResult(t, trained)) };
}

/** Base gets items with i % 10 < 5 right; tuned < 8 (t3 a little worse: prompt sensitivity). */
const base: Scorer = (i) => (i % 10 < 5 ? 1 : 0);
const tuned: Scorer = (i, tpl) => (i % 10 < (tpl === 't3' ? 7 : 8) ? 1 : 0);
const f1: (shift: number) => Scorer = (shift) => (i) => Math.min(1, ((i * 37) % 100) / 100 + shift);

export function tasks(cand: Scorer, kind: 'base' | 'tuned'): TaskSpec[] {
  const acc = kind === 'base' ? base : cand;
  return [
    { id: 'sentiment', category: 'classification', family: 'sentiment', metrics: { acc, accuracy: acc } },
    { id: 'topic', category: 'classification', family: 'topic', metrics: { acc } },
    { id: 'trivia', category: 'qa', family: 'open-qa', metrics: { squad_f1: f1(kind === 'base' ? 0 : 0.1), exact_match: acc } },
  ];
}

/** The tuned candidate, and a previous release that was better on `extra` items it got wrong. */
export function tunedRun(extra: (i: number) => boolean = () => false): RunResult {
  const scorer: Scorer = (i, tpl) => (tuned(i, tpl) === 1 || extra(i) ? 1 : 0);
  return runResult('tuned', ['topic'], tasks(scorer, 'tuned'));
}

export function baseRun(): RunResult {
  return runResult('base', [], tasks(base, 'base'));
}

export function comparisonOf(b: RunResult, c: RunResult): Comparison {
  return compareRuns(b, c, { seed: 7, iterations: 400 });
}

export interface GateDir {
  dir: string;
  comparisonFile: string;
  comparison: Comparison;
  /** Writes gate.yaml (or another name) into the temp dir; returns its path. */
  policy(yaml: string, name?: string): Promise<string>;
}

/**
 * A temp dir laid out as a user has it: run/{comparison.json,results/*.json} and
 * releases/{small,large}/tuned.json, previous releases better by 2 and by 40 items.
 */
export async function gateDir(): Promise<GateDir> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'heldout-gate-'));
  const b = baseRun();
  const c = tunedRun();
  const comparison = comparisonOf(b, c);
  const json = (v: unknown) => JSON.stringify(v, null, 2);
  await mkdir(path.join(dir, 'run', 'results'), { recursive: true });
  await writeFile(path.join(dir, 'run', 'results', 'base.json'), json(b));
  await writeFile(path.join(dir, 'run', 'results', 'tuned.json'), json(c));
  await writeFile(path.join(dir, 'run', 'comparison.json'), json(comparison));
  for (const [name, extra] of [['small', (i: number) => i % 10 === 8 && i < 20], ['large', (i: number) => i % 10 >= 8]] as const) {
    await mkdir(path.join(dir, 'releases', name), { recursive: true });
    await writeFile(path.join(dir, 'releases', name, 'tuned.json'), json(tunedRun(extra)));
  }
  return {
    dir, comparison, comparisonFile: path.join(dir, 'run', 'comparison.json'),
    async policy(yaml, name = 'gate.yaml') {
      const file = path.join(dir, name);
      await writeFile(file, yaml);
      return file;
    },
  };
}

/** Drop ANSI colour codes (CI may force colour on). */
export function plain(s: string): string {
  return s.replace(/\u001b\[[0-9;]*m/g, '');
}
