import { cpSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildTinyDecoder } from '../helpers/onnx-builder/index.js';
import { ROOT, runCli } from '../helpers/cli.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'heldout-inspect-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const env = { HELDOUT_CACHE_DIR: path.join(tmp, 'cache') };
const inspect = (dir: string, ...more: string[]) => runCli(['models', 'inspect', dir, ...more], { env });

describe('heldout models inspect DIR', () => {
  it("describes Optimum's root model.onnx", () => {
    const dir = path.join(tmp, 'root');
    buildTinyDecoder({ dir, layout: 'root', numLogitsToKeep: false, generationConfig: { eos_token_id: [4, 7] } });
    const r = inspect(dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/layout\s+Optimum \(ONNX files at the folder's root\)/);
    expect(r.stdout).toMatch(/loads\s+model\.onnx \(/);
    expect(r.stdout).toMatch(/architecture\s+llama \(LlamaForCausalLM\)/);
    expect(r.stdout).toMatch(/vocabulary\s+1024 tokens in the tokenizer, vocab_size 1024, logits over 1024/);
    expect(r.stdout).toMatch(/context length\s+512 tokens/);
    expect(r.stdout).toMatch(/layers, KV heads\s+2 layers, 2 KV heads × 16/);
    expect(r.stdout).toMatch(/num_logits_to_keep\s+not declared/);
    expect(r.stdout).toMatch(/chat template\s+yes \(tokenizer_config\.json\)/);
    expect(r.stdout).toMatch(/EOS ids\s+4, 7/);
    expect(r.stdout).toMatch(/fingerprint\s+sha256:[0-9a-f]{32}/);
    expect(r.stdout).toMatch(/model card\s+none/);
  });

  it('describes a merged decoder with use_cache_branch, its dtype files and external data, as JSON too', () => {
    const dir = path.join(tmp, 'merged');
    buildTinyDecoder({ dir, layout: 'root', stem: 'decoder_model_merged', suffixes: ['', '_q4'], externalData: { chunks: 2 } });
    const text = inspect(dir);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/use_cache_branch\s+yes \(merged decoder\)/);
    expect(text.stdout).toMatch(/dtype files\s+fp32: decoder_model_merged\.onnx; q4: decoder_model_merged_q4\.onnx/);
    const json = JSON.parse(inspect(dir, '--dtype', 'q4', '--json').stdout);
    expect(json).toMatchObject({
      layout: 'root', kind: 'decoder-only', dtype: 'q4', numLogitsToKeep: true, useCacheBranch: true, layers: 2, kvHeads: 2,
      loads: [{ file: 'decoder_model_merged_q4.onnx', externalData: ['decoder_model_merged_q4.onnx_data', 'decoder_model_merged_q4.onnx_data_1'] }],
    });
  });

  it('describes T5 at the root (encoder_model + decoder_model_merged)', () => {
    const dir = path.join(tmp, 't5');
    cpSync(path.join(ROOT, 'test/fixtures/tiny-t5-base'), dir, { recursive: true });
    for (const f of ['encoder_model.onnx', 'decoder_model_merged.onnx']) renameSync(path.join(dir, 'onnx', f), path.join(dir, f));
    const r = inspect(dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/kind\s+encoder-decoder/);
    expect(r.stdout).toMatch(/loads\s+encoder_model\.onnx \(.*\); decoder_model_merged\.onnx/);
    expect(r.stdout).toMatch(/chat template\s+no/);
  });

  it('a folder no layout fits is exit 2 naming the files found', () => {
    const dir = path.join(tmp, 'q4only');
    buildTinyDecoder({ dir, suffixes: ['_q4'] });
    const r = inspect(dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no ONNX file for dtype fp32; found onnx/model_q4.onnx (q4)');
  });
});
