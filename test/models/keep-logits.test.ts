/**
 * A decoder exported without num_logits_to_keep gets one as heldout opens it (issue #13: on a
 * 150k–260k vocabulary the output projection over every prompt position is most of the work and
 * the memory). The cut graph must give exactly the original's logits for the positions kept and
 * the same cache; graphs where the cut is not provably safe are left as exported.
 */
import { readdirSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import { findLogitsHead, keepLogitsGraph, keepLogitsWanted } from '../../src/models/onnx/keep-logits.js';
import { OnnxModel } from '../../src/models/onnx/onnx-model.js';
import type { GenerateRequest, LoglikelihoodRequest } from '../../src/models/types.js';
import { buildTinyDecoder, type TinyDecoderOptions } from '../helpers/onnx-builder/build-folder.js';

let root: string;
beforeAll(async () => { root = await mkdtemp(path.join(os.tmpdir(), 'heldout-keep-logits-')); });
afterAll(async () => { await rm(root, { recursive: true, force: true }); });

function folder(name: string, opts: Partial<TinyDecoderOptions> = {}): string {
  const dir = path.join(root, name);
  buildTinyDecoder({ dir, seed: 7, numLogitsToKeep: false, ...opts });
  return dir;
}

/** Every file under `dir` with its size and modification time: what "never written" means. */
function snapshot(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else { const s = statSync(p); out.push(`${path.relative(dir, p)} ${s.size} ${s.mtimeMs}`); }
    }
  };
  walk(dir);
  return out.sort();
}

type Feeds = Record<string, Tensor>;

/** Three new tokens for two rows on top of a two-position cache from a first forward. */
async function feedsFor(session: InferenceSession): Promise<Feeds> {
  const int64 = (rows: number[][]) => new Tensor('int64', BigInt64Array.from(rows.flat().map(BigInt)), [rows.length, rows[0]!.length]);
  const meta = session.inputMetadata as unknown as { name: string; type: string; shape: (number | string)[] }[];
  const past = meta.filter((m) => m.name.startsWith('past_key_values.'));
  const empty: Feeds = {};
  for (const m of past) {
    const data = m.type === 'float16' ? new Uint16Array(0) : new Float32Array(0);
    empty[m.name] = new Tensor(m.type as 'float32', data as Float32Array, [2, m.shape[1] as number, 0, m.shape[3] as number]);
  }
  const branch = (withPast: boolean): Feeds => (session.inputNames.includes('use_cache_branch') ? { use_cache_branch: new Tensor('bool', [withPast], [1]) } : {});
  const first = await session.run({ input_ids: int64([[5, 9], [11, 3]]), attention_mask: int64([[1, 1], [1, 1]]), position_ids: int64([[0, 1], [0, 1]]), ...empty, ...branch(false) });
  const feeds: Feeds = { input_ids: int64([[4, 8, 15], [16, 23, 42]]), attention_mask: int64([[1, 1, 1, 1, 1], [1, 1, 1, 1, 1]]), position_ids: int64([[2, 3, 4], [2, 3, 4]]), ...branch(true) };
  for (const m of past) feeds[m.name] = first[m.name.replace('past_key_values', 'present')]!;
  return feeds;
}

function values(t: Tensor): number[] {
  return Array.from(t.data as Float32Array | Uint16Array, Number);
}

/** Rows' last `k` positions of [rows, positions, vocab] logits. */
function lastPositions(t: Tensor, k: number): number[] {
  const [rows, positions, vocab] = t.dims as [number, number, number];
  const all = values(t);
  const out: number[] = [];
  for (let r = 0; r < rows; r++) out.push(...all.slice((r * positions + positions - k) * vocab, (r + 1) * positions * vocab));
  return out;
}

describe('findLogitsHead', () => {
  it('finds the projection through a cast to float16, and in a 4-bit export (MatMulNBits)', async () => {
    for (const [name, opts] of [['plain', {}], ['half-logits', { float16: { cache: false, logits: true } }], ['q4', { quantize4: true }]] as const) {
      const head = await findLogitsHead(path.join(folder(`find-${name}`, opts), 'onnx', 'model.onnx'));
      expect(head, name).toHaveProperty('hidden');
    }
  });

  it("finds both branches' projections in Optimum's merged decoder", async () => {
    const head = await findLogitsHead(path.join(folder('find-merged', { stem: 'decoder_model_merged' }), 'onnx', 'decoder_model_merged.onnx'));
    if ('reason' in head) throw new Error(head.reason);
    expect(Object.keys('branches' in head ? head.branches : {}).sort()).toEqual(['else_branch', 'then_branch']);
  });

  it('leaves alone a graph that keeps logits already, and logits that are not a projection', async () => {
    const reason = async (name: string, opts: Partial<TinyDecoderOptions>, rel = 'onnx/model.onnx') => {
      const head = await findLogitsHead(path.join(folder(name, opts), rel));
      return 'reason' in head ? head.reason : 'cut';
    };
    expect(await reason('declared', { numLogitsToKeep: true })).toMatch(/already declares num_logits_to_keep/);
    expect(await reason('scripted', { script: { after: 5, reply: [6, 7] } })).toMatch(/OneHot node/);
    expect(await reason('scripted-merged', { stem: 'decoder_model_merged', script: { after: 5, reply: [6, 7] } }, 'onnx/decoder_model_merged.onnx'))
      .toMatch(/in the then_branch of the If that makes the logits: the logits come from a OneHot node/);
  });
});

describe('the cut graph', () => {
  const cases: [string, Partial<TinyDecoderOptions>, string?][] = [
    ['inline weights', {}],
    ["Optimum's merged decoder", { stem: 'decoder_model_merged' }, 'decoder_model_merged.onnx'],
    ['external data in two files', { externalData: { chunks: 2 } }],
    ['float16 cache and logits', { float16: { cache: true, logits: true } }],
    ['4-bit weights', { quantize4: true }],
  ];
  for (const [name, opts, graphFile] of cases) {
    it(`gives the original's logits for the positions kept and the same cache (${name}), writing nothing`, async () => {
      const dir = folder(`session-${name.replace(/\W+/g, '-')}`, opts);
      const before = snapshot(dir);
      const file = path.join(dir, 'onnx', graphFile ?? 'model.onnx');
      const kept = await keepLogitsGraph(file);
      if ('reason' in kept) throw new Error(kept.reason);
      // nodes and small constants only: the weights stay where they are (the embedding alone is 1,024 × 32 floats, 128 KiB)
      expect(kept.bytes.length).toBeLessThan(64 * 1024);
      const original = await InferenceSession.create(file);
      const cut = await InferenceSession.create(kept.bytes, { extra: { session: { model_external_initializers_file_folder_path: path.dirname(kept.file) } } } as InferenceSession.SessionOptions);
      try {
        expect(cut.inputNames).toContain('num_logits_to_keep');
        const feeds = await feedsFor(original);
        const full = await original.run(feeds);
        for (const k of [0, 1, 2, 7]) {
          const out = await cut.run({ ...feeds, num_logits_to_keep: new Tensor('int64', BigInt64Array.from([BigInt(k)]), []) });
          const shown = k === 0 ? 3 : Math.min(k, 3);
          expect(out['logits']!.dims, `keep ${k}`).toEqual([2, shown, full['logits']!.dims[2]]);
          expect(values(out['logits']!), `keep ${k}`).toEqual(lastPositions(full['logits']!, shown));
          for (const n of original.outputNames.filter((o) => o.startsWith('present'))) expect(values(out[n]!), n).toEqual(values(full[n]!));
        }
      } finally {
        await original.release();
        await cut.release();
      }
      expect(snapshot(dir)).toEqual(before);
    });
  }
});

describe('OnnxModel on a model without num_logits_to_keep', () => {
  const requests: GenerateRequest[] = ['the cat sat on', 'a b c d e f g h i j k l m n o p q r s', 'one more prompt that is a little longer than the others here']
    .map((text) => ({ prompt: { kind: 'text', text }, maxNewTokens: 6, stop: [], sampling: { temperature: 0, topP: 1, n: 1, seed: 1 } }));
  const choices: LoglikelihoodRequest[] = ['the cat sat on the', 'a dog ran to'].map((text) => ({ context: { kind: 'text', text }, continuations: [' mat', ' a long way home'] }));

  for (const [name, opts] of [['model.onnx', {}], ['decoder_model_merged.onnx', { stem: 'decoder_model_merged' }]] as const) {
  it(`asks only the last logits once opened, and answers and scores as the graph exported does (${name})`, async () => {
    const dir = folder(`model-${name}`, { tokenizer: 'tiny', ...opts });
    const before = snapshot(dir);
    const cut = await OnnxModel.load('cut', dir, { batchSize: 4 });
    const saved = process.env['HELDOUT_KEEP_LOGITS'];
    process.env['HELDOUT_KEEP_LOGITS'] = 'off';
    const asExported = await OnnxModel.load('plain', dir, { batchSize: 4 }).finally(() => {
      if (saved === undefined) delete process.env['HELDOUT_KEEP_LOGITS'];
      else process.env['HELDOUT_KEEP_LOGITS'] = saved;
    });
    try {
      expect(cut.budget.fullLogits).toBe(false);
      expect(asExported.budget.fullLogits).toBe(true);
      expect((await cut.generate(requests)).map((r) => r.texts)).toEqual((await asExported.generate(requests)).map((r) => r.texts));
      const a = await cut.loglikelihood(choices);
      const b = await asExported.loglikelihood(choices);
      a.forEach((r, i) => r.logprobs.forEach((lp, j) => expect(Math.abs(lp - b[i]!.logprobs[j]!)).toBeLessThan(1e-5)));
      expect(a.map((r) => r.greedy)).toEqual(b.map((r) => r.greedy));
    } finally {
      await cut.dispose();
      await asExported.dispose();
    }
    expect(snapshot(dir)).toEqual(before);
  });
  }

  it('HELDOUT_KEEP_LOGITS takes on or off; anything else is a ConfigError naming it', () => {
    expect(keepLogitsWanted({})).toBe(true);
    expect(keepLogitsWanted({ HELDOUT_KEEP_LOGITS: 'OFF' })).toBe(false);
    expect(() => keepLogitsWanted({ HELDOUT_KEEP_LOGITS: 'sometimes' })).toThrow(ConfigError);
    expect(() => keepLogitsWanted({ HELDOUT_KEEP_LOGITS: 'sometimes' })).toThrow(/HELDOUT_KEEP_LOGITS=sometimes/);
  });
});
