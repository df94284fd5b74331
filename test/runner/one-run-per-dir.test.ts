/**
 * Issue 19 items 1 and 6: a run directory holds one run. Another model's answers never mix into it
 * (by `run` or by `merge`), and `merge --out` never overwrites a finished run of another run.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { lineCount, outputs, snapshot, startCli, tmpDir, waitUntil } from '../helpers/run-dir.js';

const RUN = ['run', 'benchmarks/smoke.yaml', '--tasks', 'toy-sentiment', '--limit', '8'];
const OTHER_BASE = ['--model', 'base=models/tiny-tuned'];

describe('a run directory holds one run', () => {
  const env = { HELDOUT_CACHE_DIR: tmpDir('cache') };

  it('interrupt a run, start another base model on the same --out, resume the first: refused at once, results of the first model only', async () => {
    const whole = tmpDir('whole');
    expect(runCli([...RUN, '--no-cache', '--out', whole], { env }).code).toBe(0);
    const dir = tmpDir('mixed');
    const log = path.join(dir, 'samples/base/toy-sentiment.jsonl');
    const first = startCli([...RUN, '--no-cache', '--out', dir], env);
    expect(await waitUntil(() => lineCount(log) > 0, first.done)).toBe(true);
    first.kill('SIGKILL');
    await first.done;
    const before = lineCount(log);
    expect(before).toBeGreaterThan(0);
    expect(before).toBeLessThan(24);

    const other = startCli([...RUN, ...OTHER_BASE, '--no-cache', '--out', dir], env);
    await waitUntil(() => lineCount(log) > before, other.done);
    other.kill('SIGKILL');
    const code = await other.done;
    expect(code, other.stderrText()).toBe(2);
    expect(other.stderrText()).toContain(dir);
    expect(other.stderrText()).toMatch(/fix: .*--out/);
    expect(lineCount(log)).toBe(before);

    const resumed = runCli([...RUN, '--no-cache', '--out', dir], { env });
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(outputs(dir)).toEqual(outputs(whole));
  });

  it('merge shards into T, merge another model\'s shards into T, merge the first again: the second is refused and T stays the first run', () => {
    const shard = (i: number, extra: string[]) => {
      const d = tmpDir(`shard${i}`);
      const r = runCli([...RUN, ...extra, '--shard', `${i}/2`, '--out', d], { env });
      expect(r.code, r.stderr).toBe(0);
      return d;
    };
    const sh = [shard(1, []), shard(2, [])];
    const shY = [shard(1, OTHER_BASE), shard(2, OTHER_BASE)];
    const target = path.join(tmpDir('merge'), 'T');
    expect(runCli(['merge', ...sh, '--out', target], { env }).code).toBe(0);
    const merged = snapshot(target);
    const results = outputs(target);

    const wrong = runCli(['merge', ...shY, '--out', target], { env });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain(target);
    expect(wrong.stderr).toMatch(/fix: /);
    expect(snapshot(target)).toEqual(merged);

    const again = runCli(['merge', ...sh, '--out', target], { env });
    expect(again.code, again.stderr).toBe(0);
    expect(outputs(target)).toEqual(results);
  });

  it('merge --out into a finished run of another run is refused and leaves every file of it as it was', () => {
    const finished = tmpDir('finished');
    expect(runCli([...RUN.map((a) => (a === '8' ? '4' : a)), '--out', finished], { env }).code).toBe(0);
    const sh = [1, 2].map((i) => {
      const d = tmpDir(`s${i}`);
      expect(runCli([...RUN, '--shard', `${i}/2`, '--out', d], { env }).code).toBe(0);
      return d;
    });
    const before = snapshot(finished);
    const r = runCli(['merge', ...sh, '--out', finished], { env });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(finished);
    expect(r.stderr).toMatch(/fix: .*new directory/);
    expect(snapshot(finished)).toEqual(before);
  });
});
