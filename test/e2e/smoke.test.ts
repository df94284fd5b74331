import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers/cli.js';

/** The whole path on the real shipped pair, a few items per task. */
describe('heldout run benchmarks/smoke.yaml (shipped tiny pair)', () => {
  const out = mkdtempSync(path.join(os.tmpdir(), 'heldout-e2e-'));
  const first = runCli(['run', 'benchmarks/smoke.yaml', '--limit', '3', '--out', out]);

  it('finishes with exit 0 and prints the side-by-side table', () => {
    expect(first.stderr).not.toMatch(/internal error/);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/task\s+category\s+set\s+metric\s+base\s+tuned/);
    expect(first.stdout).toMatch(/tuned vs base on (held-out|all) tasks/);
  });

  it('writes samples, both results, comparison.json, report.md and results.csv', () => {
    for (const f of ['results/base.json', 'results/tuned.json', 'comparison.json', 'report.md', 'results.csv']) {
      expect(existsSync(path.join(out, f)), f).toBe(true);
    }
    expect(readdirSync(path.join(out, 'samples/base')).length).toBeGreaterThanOrEqual(4);
  });

  it('keeps the result contract: version 1, fractions in [0, 1], {value, ci, n}', () => {
    const result = JSON.parse(readFileSync(path.join(out, 'results/tuned.json'), 'utf8'));
    expect(result.version).toBe(1);
    expect(result.model.fingerprint).toMatch(/^sha256:/);
    const categories = new Set(result.tasks.map((t: { category: string }) => t.category));
    expect([...categories].sort()).toEqual(['classification', 'code', 'instruction-following', 'qa', 'summarization']);
    for (const task of result.tasks) {
      expect(typeof task.heldOut).toBe('boolean');
      for (const m of Object.values(task.metrics) as { value: number; ci: [number, number]; n: number }[]) {
        expect(m.value).toBeGreaterThanOrEqual(0);
        expect(m.value).toBeLessThanOrEqual(1);
        expect(m.ci[0]).toBeLessThanOrEqual(m.value + 1e-12);
        expect(m.ci[1]).toBeGreaterThanOrEqual(m.value - 1e-12);
        expect(m.n).toBe(3);
      }
      expect(Object.keys(task.templates).length).toBeGreaterThanOrEqual(3);
    }
    const comparison = JSON.parse(readFileSync(path.join(out, 'comparison.json'), 'utf8'));
    expect(comparison.version).toBe(1);
    for (const key of ['tasks', 'categories', 'overall']) expect(comparison[key]).toBeDefined();
    const t = comparison.tasks[0];
    for (const key of ['metric', 'baseline', 'candidate', 'delta', 'ci', 'pValue']) expect(t).toHaveProperty(key);
  });

  it('records the prompt each model saw: plain text for base, the chat template for tuned', () => {
    const line = (model: string) => JSON.parse(readFileSync(path.join(out, `samples/${model}/toy-sentiment.jsonl`), 'utf8').split('\n')[0]!);
    expect(line('base').prompt).not.toContain('<|user|>');
    expect(line('tuned').prompt).toContain('<|user|>');
    expect(line('tuned').prompt).toContain('<|assistant|>');
  });

  it('resumes: a second run asks nothing again and writes the same results', () => {
    const before = readFileSync(path.join(out, 'results/tuned.json'), 'utf8');
    const logBefore = readFileSync(path.join(out, 'samples/tuned/toy-sentiment.jsonl'), 'utf8');
    const again = runCli(['run', 'benchmarks/smoke.yaml', '--limit', '3', '--out', out]);
    expect(again.code).toBe(0);
    expect(readFileSync(path.join(out, 'results/tuned.json'), 'utf8')).toBe(before);
    expect(readFileSync(path.join(out, 'samples/tuned/toy-sentiment.jsonl'), 'utf8')).toBe(logBefore);
  });

  it('evaluates models it has never seen, given only their folders, from any working directory', () => {
    const elsewhere = mkdtempSync(path.join(os.tmpdir(), 'heldout-foreign-'));
    cpSync(path.join(ROOT, 'models/tiny-base'), path.join(elsewhere, 'model-a'), { recursive: true });
    cpSync(path.join(ROOT, 'models/tiny-tuned'), path.join(elsewhere, 'model-b'), { recursive: true });
    const r = runCli(['run', path.join(ROOT, 'benchmarks/smoke.yaml'), '--model', 'base=model-a', '--model', 'tuned=model-b',
      '--tasks', 'toy-sentiment', '--limit', '2', '--out', 'run'], { cwd: elsewhere });
    expect(r.stderr).not.toMatch(/error/);
    expect(r.code).toBe(0);
    const result = JSON.parse(readFileSync(path.join(elsewhere, 'run/results/tuned.json'), 'utf8'));
    expect(result.model.source).toBe(path.join(elsewhere, 'model-b'));
    expect(result.tasks.map((t: { id: string }) => t.id)).toEqual(['toy-sentiment']);
  });
});
