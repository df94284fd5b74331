import type { Comparison, FlipExample, TaskComparison } from '../../compare/types.js';
import type { SampleRecord } from '../../runner/record.js';
import type { RunResult } from '../../runner/result-types.js';
import type { GateVerdictLike, ReportContext } from '../types.js';

/** One flipped item with both models' records for it (absent when the sample log lacks it). */
export interface FlipDetail {
  kind: 'fixed' | 'broken';
  item: string;
  template: string;
  baseline?: SampleRecord;
  candidate?: SampleRecord;
}

/** The flipped items of one task under one 0/1 metric. */
export interface TaskFlips {
  task: string;
  metric: string;
  primary: boolean;
  fixed: number;
  broken: number;
  items: FlipDetail[];
}

/** Everything the HTML page shows: the report context with its sample records already fetched. */
export interface HtmlReportData {
  results: RunResult[];
  comparison?: Comparison;
  gate?: GateVerdictLike;
  flips: TaskFlips[];
}

type SampleSource = ReportContext['samples'];

/** Gather the page's data: fetch both models' records for the items that flipped. */
export async function collectHtmlData(ctx: ReportContext): Promise<HtmlReportData> {
  const { results, comparison, gate } = ctx;
  const flips = comparison ? await collectFlips(comparison, ctx.samples) : [];
  return { results, ...(comparison ? { comparison } : {}), ...(gate ? { gate } : {}), flips };
}

async function collectFlips(comparison: Comparison, samples: SampleSource): Promise<TaskFlips[]> {
  const rows = comparison.tasks.filter(hasExamples);
  // Primary metric first within a task, then the rest in comparison order.
  rows.sort((a, b) => taskOrder(comparison, a) - taskOrder(comparison, b) || Number(b.primary) - Number(a.primary));
  const cache = new Map<string, Promise<SampleRecord[]>>();
  const fetch = (model: string, task: string): Promise<SampleRecord[]> => {
    const key = JSON.stringify([model, task]);
    if (!cache.has(key)) cache.set(key, samples(model, task));
    return cache.get(key)!;
  };
  const out: TaskFlips[] = [];
  for (const row of rows) {
    const [base, cand] = await Promise.all([fetch(comparison.baseline.name, row.task), fetch(comparison.candidate.name, row.task)]);
    const detail = (kind: FlipDetail['kind']) => (ex: FlipExample): FlipDetail => ({
      kind, item: ex.item, template: ex.template,
      ...optional('baseline', findRecord(base, ex)), ...optional('candidate', findRecord(cand, ex)),
    });
    const items = [...row.examples!.fixed.map(detail('fixed')), ...row.examples!.broken.map(detail('broken'))];
    out.push({ task: row.task, metric: row.metric, primary: row.primary, fixed: row.fixed ?? 0, broken: row.broken ?? 0, items });
  }
  return out;
}

function hasExamples(row: TaskComparison): boolean {
  return !!row.examples && row.examples.fixed.length + row.examples.broken.length > 0;
}

function taskOrder(comparison: Comparison, row: TaskComparison): number {
  return comparison.tasks.findIndex((t) => t.task === row.task);
}

function findRecord(records: SampleRecord[], ex: FlipExample): SampleRecord | undefined {
  return records.find((r) => r.item === ex.item && r.template === ex.template);
}

function optional<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>);
}
