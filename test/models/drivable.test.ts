import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ModelError } from '../../src/errors.js';
import { describeText } from '../../src/cli/models.js';
import { describeModelFolder } from '../../src/models/onnx/describe.js';
import { OnnxModel } from '../../src/models/onnx/onnx-model.js';
import { openModelHandle } from '../../src/runner/model-handle.js';
import { buildTinyDecoder, encodeModel, type GraphSpec } from '../helpers/onnx-builder/index.js';
import { ROOT } from '../helpers/paths.js';

/**
 * Graphs heldout's decoders cannot drive are refused before a run, by what the file declares,
 * with the file, the input or output and the way out named (onnxruntime's own errors come mid-run,
 * deep in a forward, and name neither).
 */
const tmp = mkdtempSync(path.join(os.tmpdir(), 'heldout-drivable-'));
process.env['HELDOUT_CACHE_DIR'] = path.join(tmp, 'cache');
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

type Inputs = GraphSpec['inputs'];
const past = (type: Inputs[number]['type']): Inputs => [{ name: 'past_key_values.0.key', type, shape: ['batch_size', 2, 'past_sequence_length', 16] }];

let n = 0;
/** A working fp32 model, plus a file that only declares `inputs` / `logits` (never run: the check reads declarations). */
function folderWith(rel: string, inputs: Inputs, logits: Inputs[number]['type'] = 'float'): { dir: string; file: string } {
  const dir = path.join(tmp, `m${n++}`);
  buildTinyDecoder({ dir, seed: 3 });
  writeFileSync(path.join(dir, rel), encodeModel({ name: 'declared', initializers: [], nodes: [], inputs, outputs: [{ name: 'logits', type: logits }] }));
  return { dir, file: path.join(dir, rel) };
}

async function refusal(dir: string, dtype: string): Promise<ModelError> {
  const err = await openModelHandle('m', { source: dir, format: 'plain', shots: 0, dtype: dtype as 'fp32' }, tmp, {}).then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(ModelError);
  // the library entry point refuses it the same way
  await expect(OnnxModel.load('m', dir, { dtype })).rejects.toThrow((err as ModelError).message);
  return err as ModelError;
}

describe('cache and logits element types', () => {
  it('a bfloat16 cache: names the input, the types heldout reads and the folder\'s other variants', async () => {
    const { dir, file } = folderWith('onnx/model_fp16.onnx', [{ name: 'input_ids', type: 'int64' }, ...past('bfloat16')], 'float16');
    const err = await refusal(dir, 'fp16');
    expect(err.message).toBe(`${file}: input past_key_values.0.key is bfloat16; heldout's decoders read float32 or float16 (dtype fp16)`);
    expect(err.hint).toMatch(/fp32, fp16, q8, q4 or q4f16 exports.*this folder also has: fp32 \(set the model's dtype: models\.<name>\.dtype/);
    expect((await describeModelFolder(dir, 'fp16')).kvType).toBe('bfloat16');
  });

  it('double logits: names the output', async () => {
    const { dir, file } = folderWith('onnx/model_fp16.onnx', [{ name: 'input_ids', type: 'int64' }, ...past('float16')], 'double');
    expect((await refusal(dir, 'fp16')).message).toBe(`${file}: output logits is double; heldout's decoders read float32 or float16 (dtype fp16)`);
  });

  it('an encoder-decoder with a bfloat16 cache', async () => {
    const dir = path.join(tmp, 't5-bf16');
    cpSync(path.join(ROOT, 'test/fixtures/tiny-t5-base'), dir, { recursive: true });
    const declare = (rel: string, inputs: Inputs, out: string) =>
      writeFileSync(path.join(dir, rel), encodeModel({ name: 'declared', initializers: [], nodes: [], inputs, outputs: [{ name: out, type: 'bfloat16' }] }));
    declare('onnx/encoder_model_fp16.onnx', [{ name: 'input_ids', type: 'int64' }], 'last_hidden_state');
    declare('onnx/decoder_model_merged_fp16.onnx', [{ name: 'input_ids', type: 'int64' }, ...past('bfloat16')], 'logits');
    const err = await openModelHandle('m', { source: dir, format: 'plain', shots: 0, dtype: 'fp16' }, tmp, {}).then(() => null, (e: unknown) => e as ModelError);
    expect(err).toBeInstanceOf(ModelError);
    expect(err!.message).toBe(`${path.join(dir, 'onnx/decoder_model_merged_fp16.onnx')}: input past_key_values.0.key is bfloat16; heldout's decoders read float32 or float16 (dtype fp16)`);
    expect(err!.hint).toMatch(/this folder also has: fp32/);
  });
});

describe('decoder inputs heldout does not compute', () => {
  it('position_ids [3, batch, sequence] (Qwen2-VL-style mrope): names the file, the input and its shape', async () => {
    const mrope: Inputs = [
      { name: 'input_ids', type: 'int64', shape: ['batch_size', 'sequence_length'] },
      { name: 'attention_mask', type: 'int64', shape: ['batch_size', 'total_sequence_length'] },
      { name: 'position_ids', type: 'int64', shape: [3, 'batch_size', 'sequence_length'] },
      ...past('float'),
    ];
    const { dir, file } = folderWith('onnx/model.onnx', mrope);
    const err = await refusal(dir, 'fp32');
    expect(err.message).toBe(`${file}: input position_ids has shape [3, batch_size, sequence_length]; heldout feeds position_ids as [batch, sequence]`);
    expect(err.hint).toMatch(/multimodal rotary positions \(Qwen2-VL-style mrope\).*text-only export/);
    const shown = describeText(await describeModelFolder(dir, 'fp32'));
    expect(shown).toContain(`runs                no: ${err.message} (fix: ${err.hint})`);
  });

  it('position_ids of another rank', async () => {
    const { dir } = folderWith('onnx/model.onnx', [{ name: 'input_ids', type: 'int64' }, { name: 'position_ids', type: 'int64', shape: ['sequence_length'] }, ...past('float')]);
    expect((await refusal(dir, 'fp32')).hint).toMatch(/position_ids of shape \[batch_size, sequence_length\]/);
  });

  it('inputs_embeds instead of input_ids (the language half of a multimodal export)', async () => {
    const { dir, file } = folderWith('onnx/model.onnx', [{ name: 'inputs_embeds', type: 'float', shape: ['batch_size', 'sequence_length', 32] }, ...past('float')]);
    const err = await refusal(dir, 'fp32');
    expect(err.message).toBe(`${file} has no input_ids input (it takes inputs_embeds: the language half of a multimodal export); heldout feeds token ids to a decoder-only model`);
  });

  it('[batch, sequence] position_ids, and a graph without them, are driven', async () => {
    for (const derivePositions of [false, true]) {
      const dir = path.join(tmp, `ok-${derivePositions}`);
      buildTinyDecoder({ dir, seed: 3, derivePositions });
      const model = await OnnxModel.load('m', dir);
      const [r] = await model.generate([{ prompt: { kind: 'text', text: 'the cat' }, maxNewTokens: 3, stop: [], sampling: { temperature: 0, topP: 1, n: 1, seed: 1 } }]);
      expect(r!.texts[0]!.length).toBeGreaterThan(0);
      await model.dispose();
      expect((await describeModelFolder(dir, 'fp32')).refusal).toBeUndefined();
    }
  });
});
