import type { Comparison } from '../compare/types.js';
import type { SampleRecord } from '../runner/record.js';
import type { RunResult } from '../runner/result-types.js';

/** Everything a report writer may show. Writers are pure over this, plus the files they write. */
export interface ReportContext {
  outDir: string;
  /** One RunResult per model, in benchmark order. */
  results: RunResult[];
  /** The base/tuned pair view, when a baseline and a candidate were named. */
  comparison?: Comparison;
  /** Sample records of a model's task, for example items (may return [] when not available). */
  samples(model: string, task: string): Promise<SampleRecord[]>;
  /** The gate's verdict, when a gate ran. */
  gate?: GateVerdictLike;
}

/** The gate verdict as reports see it (src/gate owns the full type). */
export interface GateVerdictLike {
  passed: boolean;
  rules: { name: string; scope: string; metric: string; measured: number | null; threshold: number; passed: boolean; detail: string }[];
}

export interface ReportWriter {
  /** `--format` name: markdown, csv, json, html, junit, github. */
  name: string;
  /** Writes its file(s) under ctx.outDir; returns the paths written. */
  write(ctx: ReportContext): Promise<string[]>;
}
