/** The N-model table: tasks as rows, models as columns, each task's primary metric with its interval. */
import type { RunResult } from '../../runner/result-types.js';
import { esc, interval, pct, sortKey } from './format.js';
import { cell, sortableTable, type Cell, type Column } from './table.js';

export function modelsTable(results: RunResult[]): string {
  const first = results[0];
  if (!first) return '<p class="muted">No results.</p>';
  const ids = [...new Set(results.flatMap((r) => r.tasks.map((t) => t.id)))];
  const columns: Column[] = [
    { label: 'task', type: 'text' }, { label: 'category', type: 'text' }, { label: 'metric', type: 'text' },
    ...results.map((r): Column => ({ label: r.model.name, type: 'num' })),
  ];
  const rows = ids.map((id) => {
    const any = results.map((r) => r.tasks.find((t) => t.id === id)).find((t) => t !== undefined)!;
    const cells: Cell[] = [cell(id), cell(any.category), cell(any.primary)];
    for (const r of results) {
      const task = r.tasks.find((t) => t.id === id);
      const v = task?.metrics[any.primary];
      const held = task?.heldOut ? ' <span class="tag held-out" title="held out for this model">held-out</span>' : '';
      cells.push({ html: v ? `${esc(pct(v.value))} <span class="muted">${esc(interval(v.ci))}</span>${held}` : '<span class="muted">—</span>', sort: sortKey(v?.value), cls: 'num' });
    }
    return { cells };
  });
  return sortableTable('models-table', columns, rows);
}
