/** Issue 19 item 8: `heldout compare A B` without --out never writes into an input's run folder. */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { snapshot, tmpDir } from '../helpers/run-dir.js';

const env = { HELDOUT_CACHE_DIR: tmpDir('cache') };

describe('heldout compare: where it writes', () => {
  const run = tmpDir('run');
  const made = runCli(['run', 'benchmarks/smoke.yaml', '--tasks', 'toy-sentiment', '--limit', '4', '--out', run], { env });
  const args = ['compare', path.join(run, 'results/base.json'), path.join(run, 'results/tuned.json')];

  it('without --out: a new folder under reports/, printed; the run folder keeps every byte (and its junit.xml)', () => {
    expect(made.code, made.stderr).toBe(0);
    expect(existsSync(path.join(run, 'junit.xml'))).toBe(true);
    const before = snapshot(run);
    const cwd = tmpDir('cwd');
    const first = runCli(args, { env, cwd });
    expect(first.code, first.stderr).toBe(0);
    expect(snapshot(run)).toEqual(before);
    const wrote = first.stderr.match(/wrote (\S+)\//)?.[1];
    expect(wrote, first.stderr).toBe('reports/compare-base-vs-tuned');
    expect(readdirSync(path.join(cwd, wrote!)).sort()).toEqual(['comparison.json', 'report.html', 'report.md', 'results.csv']);
    const second = runCli(args, { env, cwd });
    expect(second.code).toBe(0);
    expect(second.stderr).toMatch(/wrote reports\/compare-base-vs-tuned-2\//);
    expect(snapshot(run)).toEqual(before);
  });

  it('--out naming a run directory is refused: compare writes into a folder of its own', () => {
    const before = snapshot(run);
    const r = runCli([...args, '--out', run], { env });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(run);
    expect(r.stderr).toMatch(/fix: .*--out/);
    expect(snapshot(run)).toEqual(before);
  });
});
