import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli, TSX } from '../helpers/cli.js';

const ARGS = ['run', 'benchmarks/smoke.yaml', '--tasks', 'toy-sentiment', 'toy-passage-qa', '--limit', '6', '--no-cache'];
const tmp = (name: string) => mkdtempSync(path.join(os.tmpdir(), `heldout-${name}-`));
const env = { HELDOUT_CACHE_DIR: tmp('cache') };

function outputs(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const f of ['results/base.json', 'results/tuned.json', 'comparison.json']) files[f] = readFileSync(path.join(dir, f), 'utf8');
  return files;
}

/** Sample log lines per file, sorted: the same records, whatever order batches landed in. */
function sampleLines(dir: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const model of readdirSync(path.join(dir, 'samples'))) {
    for (const f of readdirSync(path.join(dir, 'samples', model))) {
      out[`${model}/${f}`] = readFileSync(path.join(dir, 'samples', model, f), 'utf8').split('\n').filter(Boolean).sort();
    }
  }
  return out;
}

describe('runs that lose nothing', () => {
  const whole = tmp('whole');
  const first = runCli([...ARGS, '--out', whole], { env });

  it('an uninterrupted run is the reference', () => {
    expect(first.code, first.stderr).toBe(0);
  });

  it('kill -9 part way, then the same command again: identical results, no duplicate records', async () => {
    const dir = tmp('killed');
    const child = spawn(process.execPath, ['--import', TSX, path.join(ROOT, 'src/cli/main.ts'), ...ARGS, '--out', dir], {
      cwd: ROOT, env: { ...process.env, ...env, CI: 'true' }, stdio: 'ignore',
    });
    const log = path.join(dir, 'samples/base/toy-passage-qa.jsonl');
    const started = Date.now();
    while (!(existsSync(log) && readFileSync(log, 'utf8').length > 0) && Date.now() - started < 120_000) {
      await new Promise((r) => setTimeout(r, 50));
    }
    child.kill('SIGKILL');
    await new Promise((r) => child.on('exit', r));
    expect(existsSync(path.join(dir, 'results/tuned.json'))).toBe(false);
    const again = runCli([...ARGS, '--out', dir], { env });
    expect(again.code, again.stderr).toBe(0);
    expect(outputs(dir)).toEqual(outputs(whole));
    const lines = sampleLines(dir);
    expect(lines).toEqual(sampleLines(whole));
    for (const list of Object.values(lines)) {
      const keys = list.map((l) => JSON.parse(l).key);
      expect(new Set(keys).size).toBe(keys.length);
    }
  });

  it('three shards merged give the results of the unsharded run', () => {
    const shards = [1, 2, 3].map((i) => {
      const dir = tmp(`shard${i}`);
      const r = runCli([...ARGS, '--shard', `${i}/3`, '--out', dir], { env });
      expect(r.code, r.stderr).toBe(0);
      return dir;
    });
    // template answers only (smoke.yaml samples stability too: one more record per item, template "<id>@stability")
    const sizes = shards.map((d) => readFileSync(path.join(d, 'samples/base/toy-sentiment.jsonl'), 'utf8').split('\n').filter(Boolean)
      .filter((l) => !String(JSON.parse(l).template).endsWith('@stability')).length);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(6 * 3);
    expect(Math.max(...sizes)).toBeLessThan(18);
    const merged = tmp('merged');
    const m = runCli(['merge', ...shards, '--out', merged], { env });
    expect(m.code, m.stderr).toBe(0);
    expect(outputs(merged)).toEqual(outputs(whole));

    // A shard given twice is a typo for another one: refused before anything is written.
    const twice = tmp('twice');
    const same = runCli(['merge', shards[0]!, shards[0]!, shards[1]!, '--out', twice], { env });
    expect(same.code).toBe(2);
    expect(same.stderr).toMatch(/given twice/);
    const copy = tmp('shard1-copy');
    cpSync(shards[0]!, copy, { recursive: true });
    const dup = runCli(['merge', shards[0]!, copy, shards[2]!, '--out', twice], { env });
    expect(dup.code).toBe(2);
    expect(dup.stderr).toMatch(/shard 1\/3 given twice/);
    expect(readdirSync(twice)).toEqual([]);
  });

  it('merge refuses runs of different benchmarks or models', () => {
    const other = tmp('other');
    const r = runCli([...ARGS.map((a) => (a === '6' ? '4' : a)), '--out', other], { env });
    expect(r.code).toBe(0);
    const m = runCli(['merge', whole, other, '--out', tmp('bad')], { env });
    expect(m.code).toBe(2);
    expect(m.stderr).toMatch(/not the same run/);
  });

  it('a directory that holds another run is refused', () => {
    const r = runCli([...ARGS.map((a) => (a === '6' ? '5' : a)), '--out', whole], { env });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/holds a different run/);
  });

  it('a directory locked by a live run is refused; a stale lock is taken over', () => {
    const dir = tmp('locked');
    writeFileSync(path.join(dir, '.lock'), `${process.pid}\n`);
    const r = runCli([...ARGS, '--out', dir], { env });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/being written by another run/);
    writeFileSync(path.join(dir, '.lock'), '999999999\n');
    expect(runCli([...ARGS, '--out', dir], { env }).code).toBe(0);
  });
});
