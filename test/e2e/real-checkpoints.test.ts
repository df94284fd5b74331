import { cpSync, existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildTinyDecoder } from '../helpers/onnx-builder/index.js';
import { ROOT, runCli } from '../helpers/cli.js';

/**
 * The README's real-checkpoint commands on model folders the shipped benchmarks were not written
 * for: Optimum's layouts, no heldout.json card.
 */
const tmp = mkdtempSync(path.join(os.tmpdir(), 'heldout-real-ckpt-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const env = { HELDOUT_CACHE_DIR: path.join(tmp, 'cache') };
const REPORTS = ['report.md', 'report.html', 'results.csv', 'comparison.json', 'results/base.json', 'results/tuned.json', 'run.json'];

const base = path.join(tmp, 'exports/base');
const tuned = path.join(tmp, 'exports/tuned');
buildTinyDecoder({ dir: base, layout: 'root', seed: 11 });
buildTinyDecoder({ dir: tuned, layout: 'root', stem: 'decoder_model_merged', seed: 12 });

function expectReports(out: string): void {
  for (const f of REPORTS) expect(existsSync(path.join(out, f)), f).toBe(true);
}

describe("the README's real-checkpoint command", () => {
  it('heldout run benchmarks/heldout.yaml --model base=DIR --model tuned=DIR: exit 0 or 1 and every report', () => {
    const out = path.join(tmp, 'run-heldout');
    const r = runCli(['run', path.join(ROOT, 'benchmarks/heldout.yaml'), '--model', 'base=exports/base', '--model', 'tuned=exports/tuned',
      '--limit', '1', '--out', out], { cwd: tmp, env });
    expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
    expect([0, 1]).toContain(r.code);
    expectReports(out);
    const result = JSON.parse(readFileSync(path.join(out, 'results/tuned.json'), 'utf8'));
    expect(result.model.source).toBe(tuned);
    expect(result.tasks.every((t: { heldOut: boolean }) => t.heldOut)).toBe(true);
  });

  it('a benchmark whose gate was written for another pair runs with --no-gate', () => {
    const out = path.join(tmp, 'run-smoke');
    const r = runCli(['run', path.join(ROOT, 'benchmarks/smoke.yaml'), '--model', `base=${base}`, '--model', `tuned=${tuned}`,
      '--limit', '4', '--no-gate', '--out', out], { env });
    expect(r.stderr).not.toMatch(/error/);
    expect(r.code).toBe(0);
    expectReports(out);
    expect(r.stdout).not.toContain('tuned is significantly ahead on the families it was tuned on');
    expect(existsSync(path.join(out, 'junit.xml'))).toBe(false);
  });
});

describe("T5 in Optimum's root layout through benchmarks/smoke.yaml", () => {
  it('runs with --limit 4', () => {
    const t5 = (name: string) => {
      const dir = path.join(tmp, `t5-${name}`);
      cpSync(path.join(ROOT, `test/fixtures/tiny-t5-${name}`), dir, { recursive: true });
      for (const f of ['encoder_model.onnx', 'decoder_model_merged.onnx']) renameSync(path.join(dir, 'onnx', f), path.join(dir, f));
      rmSync(path.join(dir, 'onnx'), { recursive: true });
      return dir;
    };
    const t5Base = t5('base');
    const t5Tuned = t5('tuned');
    // smoke.yaml asks its tuned model in chat format: give the T5 a template of its own (the user turn as is).
    const config = JSON.parse(readFileSync(path.join(t5Tuned, 'tokenizer_config.json'), 'utf8'));
    writeFileSync(path.join(t5Tuned, 'tokenizer_config.json'), JSON.stringify({ ...config, chat_template: "{% for m in messages %}{{ m['content'] }}{% endfor %}" }));
    const out = path.join(tmp, 'run-t5');
    const r = runCli(['run', path.join(ROOT, 'benchmarks/smoke.yaml'), '--model', `base=${t5Base}`, '--model', `tuned=${t5Tuned}`,
      '--limit', '4', '--no-gate', '--out', out], { env });
    expect(r.stderr).not.toMatch(/error/);
    expect(r.code).toBe(0);
    expectReports(out);
  });
});
