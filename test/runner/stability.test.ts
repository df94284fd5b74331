/** Stability sampling: K seeded answers per item on the first template, resumable and reproducible, measured by the claim. */
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { answerAgreement, normalizeAnswer, scoreVariance } from '../../src/runner/stability.js';
import { ROOT, runCli } from '../helpers/cli.js';

describe('agreement of K answers', () => {
  it('is the share equal to the most common answer, after case and spaces', () => {
    expect(answerAgreement(['Yes', ' yes ', 'YES', 'no', 'maybe'])).toBe(0.6);
    expect(answerAgreement(['a', 'b', 'c', 'd', 'e'])).toBe(0.2);
    expect(answerAgreement(['Two  words', 'two words\n'])).toBe(1);
    expect(normalizeAnswer('  A\n\tB  ')).toBe('a b');
  });

  it('score variance is the population variance', () => {
    expect(scoreVariance([1, 1, 1])).toBe(0);
    expect(scoreVariance([0, 1])).toBe(0.25);
  });
});

const tmp = (name: string) => mkdtempSync(path.join(os.tmpdir(), `heldout-${name}-`));

function benchmark(): string {
  const dir = tmp('stability-bench');
  const rel = (p: string) => path.relative(dir, path.join(ROOT, p));
  writeFileSync(path.join(dir, 'bench.yaml'), `name: stab
tasks: ["${rel('tasks/toy/sentiment/task.yaml')}", "${rel('tasks/toy/story-summary/task.yaml')}"]
models:
  base: { source: ${rel('models/tiny-base')}, format: plain }
  tuned: { source: ${rel('models/tiny-tuned')}, format: chat }
compare: { baseline: base, candidate: tuned }
seed: 99
limit: 6
stability: {samples: 4, temperature: 0.9}
`);
  return path.join(dir, 'bench.yaml');
}

function records(dir: string, model: string, task: string): { template: string; item: string; answers?: string[]; stability?: unknown; key: string }[] {
  return readFileSync(path.join(dir, 'samples', model, `${task}.jsonl`), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
}

describe('heldout run with stability: {samples, temperature}', () => {
  const bench = benchmark();
  const env = { HELDOUT_CACHE_DIR: tmp('stability-cache') };
  const a = tmp('stability-a');
  const first = runCli(['run', bench, '--out', a, '--no-cache'], { env });

  it('asks each item K more answers on the first template and measures the stability claim', () => {
    expect(first.code, first.stderr).toBe(0);
    const recs = records(a, 'tuned', 'toy-sentiment');
    const stab = recs.filter((r) => r.stability);
    expect(stab).toHaveLength(6);
    expect(new Set(stab.map((r) => r.template)).size).toBe(1);
    expect(stab[0]!.template).toMatch(/@stability$/);
    expect(stab.every((r) => r.answers?.length === 4)).toBe(true);
    const result = JSON.parse(readFileSync(path.join(a, 'results/tuned.json'), 'utf8'));
    const task = result.tasks.find((t: { id: string }) => t.id === 'toy-sentiment');
    expect(task.stability).toMatchObject({ samples: 4, temperature: 0.9, items: expect.any(Array) });
    expect(task.items).toHaveLength(6); // the ordinary results are untouched by the extra records
    const claim = JSON.parse(readFileSync(path.join(a, 'comparison.json'), 'utf8')).claims.find((c: { id: string }) => c.id === 'stability');
    expect(claim.verdict).not.toBe('not measured');
    expect(claim.parts.map((p: { task: string }) => p.task).sort()).toEqual(['toy-sentiment', 'toy-story-summary']);
    expect(first.stdout).toMatch(/^stability +gives the same answer when asked again +\d/m);
  });

  it('the same seed gives the same K answers in another directory; a re-run asks nothing', () => {
    const b = tmp('stability-b');
    expect(runCli(['run', bench, '--out', b, '--no-cache'], { env }).code).toBe(0);
    const answers = (dir: string) => records(dir, 'tuned', 'toy-story-summary').filter((r) => r.stability).map((r) => [r.item, r.answers]).sort();
    expect(answers(b)).toEqual(answers(a));
    const before = readdirSync(path.join(a, 'samples', 'tuned')).map((f) => readFileSync(path.join(a, 'samples', 'tuned', f), 'utf8'));
    const again = runCli(['run', bench, '--out', a, '--no-cache'], { env });
    expect(again.code).toBe(0);
    expect(readdirSync(path.join(a, 'samples', 'tuned')).map((f) => readFileSync(path.join(a, 'samples', 'tuned', f), 'utf8'))).toEqual(before);
  });

  it('stability is part of the run\'s settings: the same directory without it is another run', () => {
    const plain = readFileSync(bench, 'utf8').replace(/^stability:.*$/m, '');
    const other = path.join(path.dirname(bench), 'plain.yaml');
    writeFileSync(other, plain);
    const r = runCli(['run', other, '--out', a, '--no-cache'], { env });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/holds a different run/);
  });
});
