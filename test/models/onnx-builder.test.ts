import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { halfToFloat } from '../../src/models/onnx/tensors.js';
import { buildTinyDecoder, floatToHalf, type TinyDecoderOptions } from '../helpers/onnx-builder/index.js';

/** The test-model builder is what every layout test stands on: its cache must be honest. */
const int64 = (rows: number[][]) => new Tensor('int64', BigInt64Array.from(rows.flat().map(BigInt)), [rows.length, rows[0]!.length]);

async function open(variant: Partial<TinyDecoderOptions>) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'heldout-builder-'));
  const model = buildTinyDecoder({ dir, ...variant });
  const session = await InferenceSession.create(path.join(dir, model.files[0]!));
  const hd = model.dims.hidden / model.dims.heads;
  const run = async (ids: number[][], mask: number[][], positions: number[][], past: Record<string, Tensor> | null) => {
    const feeds: Record<string, Tensor> = { input_ids: int64(ids), attention_mask: int64(mask), position_ids: int64(positions) };
    for (let l = 0; l < model.dims.layers; l++) {
      for (const kv of ['key', 'value']) {
        const name = `past_key_values.${l}.${kv}`;
        feeds[name] = past?.[name] ?? new Tensor('float32', new Float32Array(0), [ids.length, model.dims.heads, 0, hd]);
      }
    }
    if (session.inputNames.includes('num_logits_to_keep')) feeds['num_logits_to_keep'] = new Tensor('int64', BigInt64Array.from([0n]), []);
    if (session.inputNames.includes('use_cache_branch')) feeds['use_cache_branch'] = new Tensor('bool', [past !== null], [1]);
    const out = await session.run(feeds);
    const next: Record<string, Tensor> = {};
    for (const [k, v] of Object.entries(out)) if (k.startsWith('present')) next[k.replace('present', 'past_key_values')] = v;
    return { logits: out['logits']!.data as Float32Array, vocab: out['logits']!.dims[2]!, past: next };
  };
  return { model, session, run };
}

const maxDiff = (a: Float32Array, b: Float32Array) => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i]!)), 0);

describe('test/helpers/onnx-builder: a tiny decoder written from Node', () => {
  const variants: [string, Partial<TinyDecoderOptions>][] = [
    ['onnx/model.onnx', {}],
    ['root decoder_model_merged.onnx with use_cache_branch', { layout: 'root', stem: 'decoder_model_merged' }],
    ['external data in two files', { externalData: { chunks: 2 } }],
  ];
  for (const [name, variant] of variants) {
    it(`${name}: decoding from the cache equals one full forward, and the cache is really read`, async () => {
      const { run } = await open(variant);
      const ids = [5, 17, 99, 3, 42];
      const full = await run([ids], [[1, 1, 1, 1, 1]], [[0, 1, 2, 3, 4]], null);
      const head = await run([ids.slice(0, 3)], [[1, 1, 1]], [[0, 1, 2]], null);
      const tail = await run([ids.slice(3)], [[1, 1, 1, 1, 1]], [[3, 4]], head.past);
      expect(maxDiff(full.logits.subarray(3 * full.vocab), tail.logits)).toBeLessThan(1e-5);
      const other = await run([[7, 8, 9]], [[1, 1, 1]], [[0, 1, 2]], null);
      const wrongCache = await run([ids.slice(3)], [[1, 1, 1, 1, 1]], [[3, 4]], other.past);
      expect(maxDiff(wrongCache.logits, tail.logits)).toBeGreaterThan(1e-3);
    });
  }

  it('left padding masked out: a padded row scores like the same row alone', async () => {
    const { run } = await open({});
    const alone = await run([[11, 12, 13]], [[1, 1, 1]], [[0, 1, 2]], null);
    const padded = await run([[0, 0, 11, 12, 13], [1, 2, 3, 4, 5]], [[0, 0, 1, 1, 1], [1, 1, 1, 1, 1]], [[0, 0, 0, 1, 2], [0, 1, 2, 3, 4]], null);
    const v = alone.vocab;
    expect(maxDiff(alone.logits.subarray(2 * v, 3 * v), padded.logits.subarray(4 * v, 5 * v))).toBeLessThan(1e-5);
  });

  it('num_logits_to_keep returns only the last positions', async () => {
    const { session, model } = await open({});
    const hd = model.dims.hidden / model.dims.heads;
    const feeds: Record<string, Tensor> = { input_ids: int64([[1, 2, 3, 4]]), attention_mask: int64([[1, 1, 1, 1]]), position_ids: int64([[0, 1, 2, 3]]) };
    for (let l = 0; l < model.dims.layers; l++) for (const kv of ['key', 'value']) feeds[`past_key_values.${l}.${kv}`] = new Tensor('float32', new Float32Array(0), [1, model.dims.heads, 0, hd]);
    feeds['num_logits_to_keep'] = new Tensor('int64', BigInt64Array.from([1n]), []);
    expect((await session.run(feeds))['logits']!.dims).toEqual([1, 1, model.dims.vocab]);
  });

  it('is deterministic for a seed and differs across seeds', async () => {
    const a = await open({ seed: 3 });
    const b = await open({ seed: 3 });
    const c = await open({ seed: 4 });
    const call = (m: typeof a) => m.run([[1, 2, 3]], [[1, 1, 1]], [[0, 1, 2]], null);
    expect(maxDiff((await call(a)).logits, (await call(b)).logits)).toBe(0);
    expect(maxDiff((await call(a)).logits, (await call(c)).logits)).toBeGreaterThan(1e-3);
  });
});

describe('test/helpers/onnx-builder/float16.ts: float32 → half precision, as fp16 exports store weights', () => {
  it('every finite half value comes back exactly; others round to the nearest (ties to even) and clip to ±65504', () => {
    const words = Uint16Array.from({ length: 65536 }, (_, i) => i).filter((w) => ((w >> 10) & 0x1f) !== 31);
    const values = halfToFloat(words);
    expect(Array.from(floatToHalf(values))).toEqual(Array.from(words).map((w) => (w === 0x8000 ? 0x8000 : w)));
    const cases: [number, number][] = [
      [1 + 2 ** -11, 1], [1 + 3 * 2 ** -11, 1 + 2 ** -9], [1 + 1.5 * 2 ** -11, 1 + 2 ** -10], // ties to even, above a tie up
      [2 ** -25, 0], [1.5 * 2 ** -25, 2 ** -24], [3 * 2 ** -25, 2 ** -23], // subnormals
      [1e9, 65504], [-1e9, -65504], [0.1, 0.0999755859375],
    ];
    for (const [x, want] of cases) expect(halfToFloat(floatToHalf(Float32Array.of(x)))[0], String(x)).toBe(want);
  });
});
