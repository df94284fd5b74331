import path from 'node:path';
import { stringify } from 'csv-stringify/sync';
import type { RunResult } from '../runner/result-types.js';
import { writeFileAtomic } from '../io/atomic-write.js';
import type { ReportWriter } from './types.js';

/** `truncated`: answers of that row's template(s) whose prompt was cut to fit the context (last, so older readers keep working). */
const COLUMNS = ['benchmark', 'model', 'task', 'category', 'family', 'held_out', 'template', 'metric', 'value', 'ci_low', 'ci_high', 'n', 'truncated'];

/** One row per model × task × template × metric; template `*` is the value over all templates. */
export const csvWriter: ReportWriter = {
  name: 'csv',
  async write(ctx) {
    const file = path.join(ctx.outDir, 'results.csv');
    await writeFileAtomic(file, stringify(csvRows(ctx.results), { header: true, columns: COLUMNS }));
    return [file];
  },
};

export function csvRows(results: RunResult[]): Record<string, string | number>[] {
  const rows: Record<string, string | number>[] = [];
  for (const r of results) {
    for (const t of r.tasks) {
      const base = { benchmark: r.benchmark, model: r.model.name, task: t.id, category: t.category, family: t.family, held_out: t.heldOut ? 'true' : 'false' };
      const templates: [string, Record<string, { value: number; ci: [number, number]; n: number }>][] = [['*', t.metrics], ...Object.entries(t.templates)];
      for (const [template, metrics] of templates) {
        for (const [metric, v] of Object.entries(metrics)) {
          const truncated = template === '*' ? t.truncated : t.truncatedTemplates?.[template] ?? 0;
          rows.push({ ...base, template, metric, value: num(v.value), ci_low: num(v.ci[0]), ci_high: num(v.ci[1]), n: v.n, truncated });
        }
      }
    }
  }
  return rows;
}

function num(v: number | null): string | number {
  return v === null || !Number.isFinite(v) ? '' : v;
}
