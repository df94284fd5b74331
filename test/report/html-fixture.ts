/** A small synthetic base/tuned run pair, its comparison and sample records, for the HTML report tests. */
import type { AggregateComparison, Comparison, PairedDelta, TaskComparison } from '../../src/compare/types.js';
import type { SampleRecord } from '../../src/runner/record.js';
import type { MetricValue, ModelIdentity, RunResult, TaskResult } from '../../src/runner/result-types.js';
import type { Category } from '../../src/tasks/types.js';
import type { ReportContext } from '../../src/report/types.js';
import { templateSpread } from '../../src/stats/index.js';
import { CLAIMS } from './claims-fixture.js';

export const HOSTILE_PROMPT = 'Review: <script>alert("pwned")</script> & it\'s "great" </pre></details>\nLabel:';

interface MetricSpec { name: string; base: number; cand: number; binary: boolean; p: number; fixed?: number; broken?: number }
interface TaskSpec { id: string; category: Category; family: string; heldOut: boolean; metrics: MetricSpec[] }

export const TASKS: TaskSpec[] = [
  { id: 'sentiment-mini', category: 'classification', family: 'sentiment', heldOut: true, metrics: [
    { name: 'acc', base: 0.62, cand: 0.66, binary: true, p: 0.21, fixed: 9, broken: 5 },
    { name: 'accuracy', base: 0.31, cand: 0.58, binary: true, p: 0.0004, fixed: 30, broken: 3 },
    { name: 'format_rate', base: 0.45, cand: 0.97, binary: true, p: 0.0001, fixed: 52, broken: 0 },
  ] },
  { id: 'topic-news', category: 'classification', family: 'topic', heldOut: false, metrics: [
    { name: 'acc', base: 0.48, cand: 0.71, binary: true, p: 0.002, fixed: 25, broken: 2 },
  ] },
  { id: 'qa-trivia', category: 'qa', family: 'open-qa', heldOut: true, metrics: [
    { name: 'f1', base: 0.22, cand: 0.41, binary: false, p: 0.003 },
    { name: 'exact_match', base: 0.1, cand: 0.27, binary: true, p: 0.004, fixed: 18, broken: 1 },
  ] },
  { id: 'summ-news', category: 'summarization', family: 'summarize', heldOut: false, metrics: [
    { name: 'rougeL', base: 0.24, cand: 0.19, binary: false, p: 0.04 },
  ] },
];

const TEMPLATE_OFFSETS: Record<string, number> = { t1: -0.06, t2: 0.01, t3: 0.05 };

function mv(value: number, half = 0.05, n = 100): MetricValue {
  return { value, ci: [Math.max(0, value - half), Math.min(1, value + half)], n };
}

function identity(name: string, trainedFamilies: string[]): ModelIdentity {
  return { name, source: `models/${name}`, backend: 'onnx', fingerprint: `${name}-0123456789abcdef`, format: 'plain', shots: 0, trainedFamilies };
}

function taskResult(t: TaskSpec, side: 'base' | 'cand', heldOut: boolean): TaskResult {
  const value = (m: MetricSpec, tpl: string) => Math.min(1, Math.max(0, m[side] + (TEMPLATE_OFFSETS[tpl] ?? 0) * (side === 'base' ? 1.5 : 1)));
  const templates = Object.fromEntries(Object.keys(TEMPLATE_OFFSETS).map((tpl) => [tpl, Object.fromEntries(t.metrics.map((m) => [m.name, mv(value(m, tpl))]))]));
  const spread = Object.fromEntries(t.metrics.map((m) => [m.name, templateSpread(Object.keys(TEMPLATE_OFFSETS).map((id) => ({ id, value: value(m, id) })))]));
  return {
    id: t.id, category: t.category, family: t.family, heldOut, primary: t.metrics[0]!.name,
    metrics: Object.fromEntries(t.metrics.map((m) => [m.name, mv(m[side])])),
    templates, spread, truncated: 0, items: ['i1', 'i2', 'i3'], stats: {},
  };
}

export function runResults(): [RunResult, RunResult, RunResult] {
  const run = (model: ModelIdentity, side: 'base' | 'cand', tuned: boolean): RunResult => ({
    version: 1, benchmark: 'heldout-test', model, seed: 7, settings: {},
    tasks: TASKS.map((t) => taskResult(t, side, tuned ? t.heldOut : true)),
  });
  return [
    run(identity('tiny-base', []), 'base', false),
    run(identity('tiny-tuned', ['topic', 'summarize']), 'cand', true),
    run(identity('other-tuned', ['topic']), 'cand', true),
  ];
}

function paired(m: MetricSpec): PairedDelta {
  const delta = m.cand - m.base;
  return {
    baseline: mv(m.base), candidate: mv(m.cand), delta, ci: [delta - 0.06, delta + 0.06], pValue: m.p,
    ...(m.binary ? { fixed: m.fixed ?? 0, broken: m.broken ?? 0, mcnemarP: m.p } : {}),
  };
}

function taskComparison(t: TaskSpec, m: MetricSpec, i: number, base: RunResult, cand: RunResult): TaskComparison {
  const b = base.tasks.find((x) => x.id === t.id)!;
  const c = cand.tasks.find((x) => x.id === t.id)!;
  const templates = Object.fromEntries(Object.keys(TEMPLATE_OFFSETS).map((tpl) => [tpl, paired({ ...m, base: b.templates[tpl]![m.name]!.value, cand: c.templates[tpl]![m.name]!.value })]));
  const examples = m.binary ? { fixed: [{ item: 'i1', template: 't1' }, { item: 'i2', template: 't2' }], broken: [{ item: 'i3', template: 't3' }] } : undefined;
  return {
    task: t.id, category: t.category, family: t.family, heldOut: t.heldOut, metric: m.name, primary: i === 0,
    binary: m.binary, higherIsBetter: true, ...paired(m), templates,
    spread: { baseline: b.spread[m.name]!, candidate: c.spread[m.name]! }, ...(examples ? { examples } : {}),
  };
}

function agg(rows: TaskComparison[], scope: AggregateComparison['scope'], category?: string): AggregateComparison {
  const mean = (f: (r: TaskComparison) => number) => rows.reduce((s, r) => s + f(r), 0) / rows.length;
  const delta = mean((r) => r.delta);
  return {
    metric: 'primary', scope, ...(category ? { category } : {}), tasks: rows.length,
    baseline: mv(mean((r) => r.baseline.value), 0.04), candidate: mv(mean((r) => r.candidate.value), 0.04),
    delta, ci: [delta - 0.04, delta + 0.04], pValue: 0.001,
  };
}

export function comparison(base: RunResult, cand: RunResult): Comparison {
  const tasks = TASKS.flatMap((t) => t.metrics.map((m, i) => taskComparison(t, m, i, base, cand)));
  const primary = tasks.filter((t) => t.primary);
  const categories = [...new Set(primary.map((t) => t.category))].flatMap((cat) => {
    const inCat = primary.filter((t) => t.category === cat);
    const parts = [agg(inCat, 'all', cat)];
    const ho = inCat.filter((t) => t.heldOut);
    const seen = inCat.filter((t) => !t.heldOut);
    if (ho.length) parts.push(agg(ho, 'held-out', cat));
    if (seen.length) parts.push(agg(seen, 'seen', cat));
    return parts;
  });
  return {
    version: 1, benchmark: 'heldout-test', baseline: base.model, candidate: cand.model, seed: 7, tasks, categories,
    overall: agg(primary, 'all'), heldOut: agg(primary.filter((t) => t.heldOut), 'held-out'), seen: agg(primary.filter((t) => !t.heldOut), 'seen'),
    claims: CLAIMS,
  };
}

function record(model: string, task: string, item: string, template: string, good: boolean): SampleRecord {
  const choices = ['positive', 'negative'];
  return {
    key: `${model}/${task}/${item}/${template}`, model, task, template, item,
    prompt: `${HOSTILE_PROMPT} [${item}]`, references: ['positive'],
    answer: good ? 'positive' : 'I think <b>it</b> is fine & ok', choices, gold: 0, logprobs: good ? [-0.2, -1.9] : [-1.5, -0.4],
    truncatedTokens: 0, scores: { acc: good ? 1 : 0, accuracy: good ? 1 : 0, format_rate: good ? 1 : 0 }, stats: {},
  };
}

/** Records for every flipped item: base wrong / tuned right on i1, i2; the reverse on i3. */
export function sampleSource(): ReportContext['samples'] {
  return async (model, task) => ['i1', 'i2', 'i3'].map((item, k) => {
    const fixed = k < 2;
    const good = model === 'tiny-base' ? !fixed : fixed;
    return record(model, task, item, `t${k + 1}`, good);
  });
}

/** A full report context over a temp dir, with the gate optional. */
export function reportContext(outDir: string, opts: { gate?: boolean; models?: 2 | 3 } = {}): ReportContext {
  const [base, cand, other] = runResults();
  const gate = { passed: false, rules: [
    { name: 'held-out gain', scope: 'held-out', metric: 'primary', measured: 0.09, threshold: 0, passed: true, detail: 'gain 9.0 pts > 0' },
    { name: 'no regression', scope: 'task', metric: 'primary', measured: -0.05, threshold: -0.02, passed: false, detail: 'summ-news fell 5.0 pts (allowed 2.0)' },
  ] };
  return {
    outDir, results: opts.models === 3 ? [base, cand, other] : [base, cand], comparison: comparison(base, cand),
    samples: sampleSource(), ...(opts.gate ? { gate } : {}),
  };
}
