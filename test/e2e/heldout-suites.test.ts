import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { listTasks } from '../../src/cli/tasks.js';
import { runCli } from '../helpers/cli.js';

/** Every shipped held-out suite through the shipped pair, two items each: the whole path holds for all of them. */
describe('heldout run benchmarks/heldout.yaml --limit 2', () => {
  const out = mkdtempSync(path.join(os.tmpdir(), 'heldout-suites-'));
  const r = runCli(['run', 'benchmarks/heldout.yaml', '--limit', '2', '--out', out, '--format', 'markdown', 'json']);

  it('completes on the shipped pair', () => {
    expect(r.stderr).not.toMatch(/error/);
    expect(r.code).toBe(0);
  });

  it('reports every task with its held-out or seen mark, in every category', async () => {
    const shipped = (await listTasks(['tasks/classification', 'tasks/qa', 'tasks/summarization', 'tasks/code', 'tasks/instruction-following'])).map((t) => t.id).sort();
    const result = JSON.parse(readFileSync(path.join(out, 'results/tuned.json'), 'utf8'));
    expect(result.tasks.map((t: { id: string }) => t.id).sort()).toEqual(shipped);
    const perCategory = new Map<string, number>();
    for (const t of result.tasks) perCategory.set(t.category, (perCategory.get(t.category) ?? 0) + 1);
    for (const c of ['classification', 'qa', 'summarization', 'code', 'instruction-following']) expect(perCategory.get(c)).toBeGreaterThanOrEqual(3);
    const md = readFileSync(path.join(out, 'report.md'), 'utf8');
    for (const id of shipped) expect(md).toMatch(new RegExp(`\\| ${id} \\| [\\w-]+ \\| [\\w-]+ \\| (held-out|seen) \\|`));
  });
});
