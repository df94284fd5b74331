/**
 * Issue 19 item 7 and issue 15: a log repair never drops a readable record. Only the run that owns
 * the directory repairs; unreadable lines move to <task>.corrupt.jsonl and their requests are asked again.
 */
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { outputs, recordKeys, tmpDir } from '../helpers/run-dir.js';

const RUN = ['run', 'benchmarks/smoke.yaml', '--tasks', 'toy-sentiment', 'toy-passage-qa', '--limit', '6'];
const env = { HELDOUT_CACHE_DIR: tmpDir('cache') };

const lines = (file: string) => readFileSync(file, 'utf8').split('\n');
const sorted = (keys: Record<string, string[]>) => Object.fromEntries(Object.entries(keys).map(([k, v]) => [k, [...v].sort()]));

describe('log repair keeps every readable record', () => {
  const whole = tmpDir('whole');
  const reference = runCli([...RUN, '--out', whole], { env });
  const copy = (name: string) => { const d = tmpDir(name); cpSync(whole, d, { recursive: true }); return d; };

  it('the reference run finishes', () => expect(reference.code, reference.stderr).toBe(0));

  it('a log whose last record lacks its newline: the rerun appends after it, nothing is lost', () => {
    const dir = copy('no-newline');
    const log = path.join(dir, 'samples/base/toy-sentiment.jsonl');
    const kept = lines(log).filter(Boolean).slice(0, 12);
    writeFileSync(log, kept.join('\n'));
    const r = runCli([...RUN, '--out', dir], { env });
    expect(r.code, r.stderr).toBe(0);
    expect(outputs(dir)).toEqual(outputs(whole));
    expect(sorted(recordKeys(dir))).toEqual(sorted(recordKeys(whole)));
    const again = runCli([...RUN, '--out', dir], { env });
    expect(again.code, again.stderr).toBe(0);
    expect(outputs(dir)).toEqual(outputs(whole));
  });

  it('a blank line plus a torn tail: every rerun keeps every record (no 29, 28, 27…) and exits 0', () => {
    const dir = copy('blank-torn');
    const log = path.join(dir, 'samples/base/toy-sentiment.jsonl');
    const all = lines(log).filter(Boolean);
    const torn = all[all.length - 1]!.slice(0, 40);
    writeFileSync(log, [...all.slice(0, 5), '', ...all.slice(5, -1)].join('\n') + '\n' + torn);
    for (let i = 0; i < 3; i++) {
      const r = runCli([...RUN, '--out', dir], { env });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).not.toMatch(/gate: needs compare/);
      expect(outputs(dir)).toEqual(outputs(whole));
      expect(sorted(recordKeys(dir))).toEqual(sorted(recordKeys(whole)));
    }
  });

  it('one corrupt line in the middle: compare leaves the log byte-identical; the rerun quarantines it, asks it again and keeps every other record', () => {
    const dir = copy('corrupt');
    const log = path.join(dir, 'samples/tuned/toy-sentiment.jsonl');
    const all = lines(log).filter(Boolean);
    const bad = `${all[7]!.slice(0, 60)}#garbage#${all[7]!.slice(80)}`;
    writeFileSync(log, [...all.slice(0, 7), bad, ...all.slice(8)].join('\n') + '\n');
    const before = readFileSync(log);
    const c = runCli(['compare', 'results/base.json', 'results/tuned.json', '--out', tmpDir('cmp')], { env, cwd: dir });
    expect(c.code, c.stderr).toBe(0);
    expect(readFileSync(log).equals(before)).toBe(true);

    const r = runCli([...RUN, '--out', dir], { env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/tuned\/toy-sentiment\.jsonl: 1 unreadable line \(line 8\) moved to .*toy-sentiment\.corrupt\.jsonl; 1 request asked again/);
    expect(outputs(dir)).toEqual(outputs(whole));
    expect(sorted(recordKeys(dir))).toEqual(sorted(recordKeys(whole)));
    const quarantined = path.join(dir, 'samples/tuned/toy-sentiment.corrupt.jsonl');
    expect(existsSync(quarantined)).toBe(true);
    const entry = JSON.parse(lines(quarantined)[0]!);
    expect(entry).toMatchObject({ line: 8, text: bad });
    const summary = JSON.parse(readFileSync(path.join(dir, 'run.json'), 'utf8')).repairs;
    expect(summary).toEqual([{ model: 'tuned', task: 'toy-sentiment', quarantined: 1, lines: [8], reasked: 1 }]);
  });
});
