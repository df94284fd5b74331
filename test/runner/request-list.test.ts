import { cpSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { OnnxModel } from '../../src/models/onnx/onnx-model.js';
import type { GenerateRequest } from '../../src/models/types.js';
import { runBenchmark } from '../../src/runner/run-benchmark.js';
import { promptStart } from '../../src/runner/run-model.js';
import { ROOT } from '../helpers/paths.js';

describe('one request list across tasks and templates', () => {
  it('asks each model in batches that mix tasks, longest prompts first over the whole run, prompts that start alike together', async () => {
    const calls: { model: string; requests: GenerateRequest[] }[] = [];
    const original = OnnxModel.prototype.generate;
    const spy = vi.spyOn(OnnxModel.prototype, 'generate').mockImplementation(async function (this: OnnxModel, requests: GenerateRequest[]) {
      calls.push({ model: this.name, requests });
      return original.call(this, requests);
    });
    process.env['HELDOUT_CACHE_DIR'] = mkdtempSync(path.join(os.tmpdir(), 'heldout-list-cache-'));
    try {
      const out = mkdtempSync(path.join(os.tmpdir(), 'heldout-list-'));
      await runBenchmark({ benchmark: path.join(ROOT, 'benchmarks/smoke.yaml'), tasks: ['toy-sentiment', 'toy-news-topic'], limit: 4, out, cache: false });
    } finally {
      spy.mockRestore();
    }
    expect(calls.some((c) => new Set(c.requests.map((r) => r.origin!.task)).size > 1)).toBe(true);
    for (const model of ['base', 'tuned']) {
      const asked = calls.filter((c) => c.model === model).flatMap((c) => c.requests);
      expect(asked.length).toBe(2 * 4 * 3 + 2 * 4); // 3 templates per item, plus one stability request per item (smoke.yaml samples K answers on the first template)
      // runs of one prompt start (here: an item's stability request and its first-template request) are contiguous,
      // longest first within a run, and the runs come longest first
      const runs: number[][] = [];
      const keys: string[] = [];
      for (const r of asked) {
        const key = promptStart(r.prompt);
        if (keys.at(-1) !== key) { expect(keys).not.toContain(key); keys.push(key); runs.push([]); }
        runs.at(-1)!.push(JSON.stringify(r.prompt).length);
      }
      expect(runs.some((r) => r.length > 1)).toBe(true);
      for (const r of runs) expect(r).toEqual([...r].sort((a, b) => b - a));
      const heads = runs.map((r) => r[0]!);
      expect(heads).toEqual([...heads].sort((a, b) => b - a));
    }
  });

  it('a batch a kill left half-recorded is asked again whole: the resumed records equal an uninterrupted run to the last digit', async () => {
    process.env['HELDOUT_CACHE_DIR'] = mkdtempSync(path.join(os.tmpdir(), 'heldout-list-cache-'));
    const run = (out: string) => runBenchmark({ benchmark: path.join(ROOT, 'benchmarks/smoke.yaml'), tasks: ['toy-sentiment', 'toy-news-topic'], limit: 4, out, cache: false });
    const whole = mkdtempSync(path.join(os.tmpdir(), 'heldout-list-whole-'));
    await run(whole);
    const cut = mkdtempSync(path.join(os.tmpdir(), 'heldout-list-cut-'));
    cpSync(whole, cut, { recursive: true });
    // as if killed between the two appends of one batch: one task's log lost its first records
    const log = path.join(cut, 'samples/base/toy-news-topic.jsonl');
    writeFileSync(log, readFileSync(log, 'utf8').split('\n').slice(3).join('\n'));
    await run(cut);
    const lines = (dir: string) => readdirSync(path.join(dir, 'samples/base')).filter((f) => f.endsWith('.jsonl'))
      .flatMap((f) => readFileSync(path.join(dir, 'samples/base', f), 'utf8').split('\n').filter(Boolean)).sort();
    expect(lines(cut)).toEqual(lines(whole));
  });
});
