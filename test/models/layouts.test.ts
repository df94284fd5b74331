import { cpSync, mkdtempSync, readFileSync, renameSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ModelError } from '../../src/errors.js';
import { inspectModelFolder } from '../../src/models/onnx/files.js';
import { OnnxModel } from '../../src/models/onnx/onnx-model.js';
import { Seq2SeqModel } from '../../src/models/onnx/seq2seq-model.js';
import type { Model } from '../../src/models/types.js';
import { buildTinyDecoder, type TinyDecoderOptions } from '../helpers/onnx-builder/index.js';
import { ROOT } from '../helpers/paths.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'heldout-layouts-'));
process.env['HELDOUT_CACHE_DIR'] = path.join(tmp, 'cache');
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

let n = 0;
function build(opts: Partial<TinyDecoderOptions>): string {
  const dir = path.join(tmp, `m${n++}`);
  buildTinyDecoder({ dir, seed: 7, ...opts });
  return dir;
}

/** What a model answers: greedy text and choice log-likelihoods (the two ways heldout asks). */
async function answers(model: Model) {
  const sampling = { temperature: 0, topP: 1, n: 1, seed: 1 };
  const g = await model.generate([
    { prompt: { kind: 'text', text: 'the cat sat on' }, maxNewTokens: 8, stop: [], sampling },
    { prompt: { kind: 'text', text: 'a' }, maxNewTokens: 8, stop: [], sampling },
  ]);
  const l = await model.loglikelihood([{ context: { kind: 'text', text: 'the dog' }, continuations: [' ran', ' sat down'] }]);
  await model.dispose();
  return { texts: g.map((r) => r.texts[0]), logprobs: l[0]!.logprobs };
}

describe('decoder-only folders in every layout answer exactly as onnx/model.onnx does', () => {
  const reference = answers.bind(null);
  let expected: Awaited<ReturnType<typeof answers>>;

  it('reference: transformers.js layout onnx/model.onnx', async () => {
    const dir = build({});
    const folder = await inspectModelFolder(dir, 'fp32');
    expect(folder.files.layout).toBe('onnx');
    expect(folder.onnxFiles).toEqual(['onnx/model.onnx']);
    expected = await reference(await OnnxModel.load('ref', dir));
    expect(expected.texts[0]!.length).toBeGreaterThan(0);
  });

  const cases: [string, Partial<TinyDecoderOptions>, string, string[]][] = [
    ["Optimum's root model.onnx", { layout: 'root' }, 'fp32', ['model.onnx']],
    ['root decoder_model_merged.onnx with use_cache_branch', { layout: 'root', stem: 'decoder_model_merged' }, 'fp32', ['decoder_model_merged.onnx']],
    ['onnx/decoder_model_merged.onnx', { stem: 'decoder_model_merged' }, 'fp32', ['onnx/decoder_model_merged.onnx']],
    ['root decoder_model_merged.onnx without use_cache_branch', { layout: 'root', stem: 'decoder_model_merged', useCacheBranch: false }, 'fp32', ['decoder_model_merged.onnx']],
    ['external data model.onnx_data', { externalData: { chunks: 1 } }, 'fp32', ['onnx/model.onnx']],
    ['external data split in three files, at the root', { layout: 'root', externalData: { chunks: 3 } }, 'fp32', ['model.onnx']],
    ['external data not declared in config.json', { externalData: { chunks: 2, declare: false } }, 'fp32', ['onnx/model.onnx']],
    ['dtype q4 picks model_q4.onnx', { suffixes: ['', '_q4'] }, 'q4', ['onnx/model_q4.onnx']],
    ['dtype q4f16 picks model_q4f16.onnx', { suffixes: ['_q4f16'] }, 'q4f16', ['onnx/model_q4f16.onnx']],
    ['dtype q8 picks model_quantized.onnx at the root', { layout: 'root', suffixes: ['_quantized'] }, 'q8', ['model_quantized.onnx']],
  ];
  for (const [name, opts, dtype, files] of cases) {
    it(name, async () => {
      const dir = build(opts);
      const folder = await inspectModelFolder(dir, dtype);
      expect(folder.onnxFiles).toEqual(files);
      expect(await answers(await OnnxModel.load('m', dir, { dtype }))).toEqual(expected);
    });
  }

  it('onnx/ wins over the root when both hold a model', async () => {
    const dir = build({});
    cpSync(path.join(dir, 'onnx/model.onnx'), path.join(dir, 'model.onnx'));
    expect((await inspectModelFolder(dir, 'fp32')).onnxFiles).toEqual(['onnx/model.onnx']);
  });

  it('external data files count in the fingerprint', async () => {
    const { fingerprintFolder } = await import('../../src/models/onnx/files.js');
    const dir = build({ externalData: { chunks: 1 } });
    const before = await fingerprintFolder(await inspectModelFolder(dir, 'fp32'));
    const data = path.join(dir, 'onnx/model.onnx_data');
    const bytes = (await import('node:fs')).readFileSync(data);
    bytes[100] = bytes[100]! ^ 0xff;
    writeFileSync(data, bytes);
    expect(await fingerprintFolder(await inspectModelFolder(dir, 'fp32'))).not.toBe(before);
  });
});

describe('T5 in Optimum\'s root layout', () => {
  it('encoder_model.onnx + decoder_model_merged.onnx at the root answer as the onnx/ layout does', async () => {
    const src = path.join(ROOT, 'test/fixtures/tiny-t5-tuned');
    const dir = path.join(tmp, 't5-root');
    cpSync(src, dir, { recursive: true });
    for (const f of ['encoder_model.onnx', 'decoder_model_merged.onnx']) renameSync(path.join(dir, 'onnx', f), path.join(dir, f));
    rmSync(path.join(dir, 'onnx'), { recursive: true });
    const folder = await inspectModelFolder(dir, 'fp32');
    expect(folder.files.layout).toBe('root');
    expect(folder.onnxFiles).toEqual(['encoder_model.onnx', 'decoder_model_merged.onnx']);
    expect(await answers(await Seq2SeqModel.load('t5', dir))).toEqual(await answers(await Seq2SeqModel.load('t5', src)));
  });
});

describe('a folder no layout fits is a clear error naming the files found', () => {
  const error = async (dir: string, dtype = 'fp32') => {
    try {
      await inspectModelFolder(dir, dtype);
    } catch (e) {
      expect(e).toBeInstanceOf(ModelError);
      return e as ModelError;
    }
    throw new Error('no error');
  };

  it('no ONNX file at all', async () => {
    const dir = build({});
    rmSync(path.join(dir, 'onnx'), { recursive: true });
    expect((await error(dir)).message).toMatch(/holds no \.onnx file/);
  });

  it('only other dtypes: names them and the dtype to set', async () => {
    const dir = build({ suffixes: ['_q4', '_fp16'] });
    const e = await error(dir);
    expect(e.message).toContain('onnx/model_fp16.onnx (fp16)');
    expect(e.message).toContain('onnx/model_q4.onnx (q4)');
    expect(e.hint).toMatch(/dtype.*(fp16 or q4|q4 or fp16)/);
  });

  it("Optimum's split decoder_model.onnx + decoder_with_past_model.onnx", async () => {
    const dir = build({ layout: 'root' });
    renameSync(path.join(dir, 'model.onnx'), path.join(dir, 'decoder_model.onnx'));
    cpSync(path.join(dir, 'decoder_model.onnx'), path.join(dir, 'decoder_with_past_model.onnx'));
    const e = await error(dir);
    expect(e.message).toContain('decoder_model.onnx (fp32), decoder_with_past_model.onnx (fp32)');
    expect(e.hint).toMatch(/optimum-cli/);
  });

  it('a missing external data file is named before onnxruntime can crash on it', async () => {
    const dir = build({ externalData: { chunks: 2 } });
    rmSync(path.join(dir, 'onnx/model.onnx_data_1'));
    const e = await error(dir);
    expect(e.message).toContain('onnx/model.onnx_data_1, which is missing');
  });

  it('a cut-off or empty tokenizer.json (checked by its ends, not parsed: a production one is tens of MB)', async () => {
    const dir = build({});
    const file = path.join(dir, 'tokenizer.json');
    truncateSync(file, 5000);
    expect((await error(dir)).message).toBe(`${file} is not a whole JSON object (it does not end with }: cut off, or not JSON)`);
    truncateSync(file, 0);
    expect((await error(dir)).message).toBe(`${file} is not a whole JSON object (the file is empty: cut off, or not JSON)`);
    writeFileSync(file, '<html>rate limited</html>');
    expect((await error(dir)).message).toMatch(/does not start with \{/);
  });

  it('a tokenizer.json broken in the middle is named when the model loads', async () => {
    const dir = build({});
    const file = path.join(dir, 'tokenizer.json');
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, `${text.slice(0, text.length >> 1)}\u0000${text.slice((text.length >> 1) + 1)}`);
    await expect(OnnxModel.load('m', dir)).rejects.toThrow(`cannot read the tokenizer of ${dir} (${file}): `);
  });

  it('a truncated model.onnx', async () => {
    const dir = build({});
    truncateSync(path.join(dir, 'onnx/model.onnx'), 5000);
    expect((await error(dir)).message).toMatch(/is not a readable ONNX file/);
  });

  it('a decoder without a key/value cache', async () => {
    const dir = build({});
    const { encodeModel } = await import('../helpers/onnx-builder/index.js');
    writeFileSync(path.join(dir, 'onnx/model.onnx'), encodeModel({
      name: 'no-past', initializers: [], outputs: [{ name: 'logits', type: 'float' }],
      inputs: [{ name: 'input_ids', type: 'int64' }, { name: 'attention_mask', type: 'int64' }],
      nodes: [{ op: 'Cast', inputs: ['input_ids'], outputs: ['logits'], attrs: { to: { i: 1 } } }],
    }));
    expect((await error(dir)).message).toMatch(/declares no past_key_values inputs/);
  });

  it('an encoder-decoder config with decoder-only files', async () => {
    const dir = build({ config: { is_encoder_decoder: true, decoder_start_token_id: 0 } });
    expect((await error(dir)).hint).toMatch(/encoder_model\.onnx and decoder_model_merged\.onnx/);
  });
});
