// The shipped small pair (models/tiny-base, models/tiny-tuned) loads offline through
// transformers.js and behaves like a real base / chat checkpoint pair.
import { mkdtempSync, readFileSync, rmSync, statSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AutoModelForCausalLM, AutoTokenizer, env, Tensor,
  type PreTrainedModel, type PreTrainedTokenizer,
} from '@huggingface/transformers';

const MODELS = resolve(import.meta.dirname, '../../models');
const cacheDir = mkdtempSync(join(tmpdir(), 'heldout-pair-'));

interface Loaded { tokenizer: PreTrainedTokenizer; model: PreTrainedModel; eos: number }
const loaded: Record<string, Loaded> = {};

function readJson(...parts: string[]): Record<string, any> {
  return JSON.parse(readFileSync(join(MODELS, ...parts), 'utf8'));
}

function ids(values: number[]): Tensor {
  return new Tensor('int64', BigInt64Array.from(values.map(BigInt)), [1, values.length]);
}

async function load(name: string): Promise<Loaded> {
  const tokenizer = await AutoTokenizer.from_pretrained(name);
  const model = await AutoModelForCausalLM.from_pretrained(name, {
    dtype: 'fp32', session_options: { intraOpNumThreads: 2 },
  });
  return { tokenizer, model, eos: readJson(name, 'generation_config.json').eos_token_id };
}

/** Greedy decoding by hand: one full forward (no cache) per new token. */
async function greedyWithoutCache(m: Loaded, prompt: number[], steps: number): Promise<number[]> {
  const seq = [...prompt];
  for (let i = 0; i < steps; i++) {
    const { logits } = await m.model({ input_ids: ids(seq), attention_mask: ids(seq.map(() => 1)) });
    const [, len, vocab] = logits.dims as [number, number, number];
    const last = (logits.data as Float32Array).subarray((len - 1) * vocab, len * vocab);
    const next = last.indexOf(Math.max(...last));
    seq.push(next);
    if (next === m.eos) break;
  }
  return seq.slice(prompt.length);
}

async function greedyWithCache(m: Loaded, prompts: string[], steps: number): Promise<number[][]> {
  m.tokenizer.padding_side = 'left';
  const enc = m.tokenizer(prompts, { padding: true, add_special_tokens: false });
  const out = (await m.model.generate({ ...enc, max_new_tokens: steps, do_sample: false })) as Tensor;
  const width = enc.input_ids.dims[1] as number;
  return (out.tolist() as bigint[][]).map((row) => {
    const gen = row.slice(width).map(Number);
    const end = gen.indexOf(m.eos);
    return end >= 0 ? gen.slice(0, end + 1) : gen;
  });
}

function chatPrompt(m: Loaded, content: string): string {
  return m.tokenizer.apply_chat_template([{ role: 'user', content }], {
    tokenize: false, add_generation_prompt: true,
  }) as string;
}

beforeAll(async () => {
  env.allowRemoteModels = false;
  env.localModelPath = MODELS;
  env.cacheDir = cacheDir;
  for (const name of ['tiny-base', 'tiny-tuned']) loaded[name] = await load(name);
});

afterAll(async () => {
  for (const m of Object.values(loaded)) await m.model.dispose();
  rmSync(cacheDir, { recursive: true, force: true });
});

describe('shipped model pair', () => {
  it('ships model cards, a chat template only on the tuned model, and stays under 8 MB', () => {
    const base = readJson('tiny-base', 'heldout.json');
    const tuned = readJson('tiny-tuned', 'heldout.json');
    expect(base.trained_families).toEqual([]);
    expect(tuned.trained_families).toContain('toy-review-sentiment');
    expect(tuned.trained_families).not.toContain('toy-news-topic');
    expect(readJson('tiny-base', 'tokenizer_config.json').chat_template).toBeUndefined();
    expect(readJson('tiny-tuned', 'tokenizer_config.json').eos_token).toBe('<|end|>');
    const bytes = (dir: string): number => readdirSync(dir, { withFileTypes: true })
      .reduce((sum, e) => sum + (e.isDirectory() ? bytes(join(dir, e.name)) : statSync(join(dir, e.name)).size), 0);
    // the shipped pair only: models/diversity/ (git-ignored checkpoints of the diversity study) may sit beside it
    expect(bytes(join(MODELS, 'tiny-base')) + bytes(join(MODELS, 'tiny-tuned'))).toBeLessThan(8 * 1024 * 1024);
    expect(tuned.heldout_families).toEqual(expect.arrayContaining(['toy-news-topic', 'toy-story-qa', 'toy-story-bullets']));
    for (const f of tuned.heldout_families) expect(tuned.trained_families).not.toContain(f);
  });

  it('round-trips text through the tokenizer, special tokens included', () => {
    const { tokenizer } = loaded['tiny-tuned']!;
    for (const text of ['Tom lives in Greenhill.', 'function add(a, b) { return a + b; }\n  x  y',
      'Crème brûlée, 42 emojis 🙂 and\ttabs', '<|user|>\nHi<|end|>\n<|assistant|>\n']) {
      expect(tokenizer.decode(tokenizer.encode(text, { add_special_tokens: false }))).toBe(text);
    }
    expect(tokenizer.encode('<|end|>', { add_special_tokens: false })).toEqual([loaded['tiny-tuned']!.eos]);
  });

  it.each(['tiny-base', 'tiny-tuned'])('%s: greedy generation with the KV cache equals full forwards', async (name) => {
    const m = loaded[name]!;
    const prompts = name === 'tiny-base'
      ? ['Anna lives in Sunvale. Anna has a', 'On Monday, Tom went to the']
      : [chatPrompt(m, 'Is the following review positive or negative?\nThe soup was cold. One star.'),
        chatPrompt(m, 'Write a JavaScript function add(a, b) that returns the sum of a and b.')];
    const cached = await greedyWithCache(m, prompts, 12); // one left-padded batch
    for (const [i, prompt] of prompts.entries()) {
      const plain = await greedyWithoutCache(m, m.tokenizer.encode(prompt, { add_special_tokens: false }), 12);
      expect(cached[i]).toEqual(plain);
    }
  });

  it('returns only the last logits when num_logits_to_keep is given, all of them otherwise', async () => {
    const m = loaded['tiny-base']!;
    const input = m.tokenizer.encode('Tom has a red cat.', { add_special_tokens: false });
    const mask = ids(input.map(() => 1));
    const all = await m.model({ input_ids: ids(input), attention_mask: mask });
    expect(all.logits.dims[1]).toBe(input.length);
    const one = await m.model({
      input_ids: ids(input), attention_mask: mask, num_logits_to_keep: new Tensor('int64', [1n], []),
    });
    expect(one.logits.dims[1]).toBe(1);
    const lastAll = (all.logits.data as Float32Array).slice(-one.logits.dims[2]);
    expect(Array.from(one.logits.data as Float32Array)).toEqual(Array.from(lastAll));
  });

  it('the tuned model answers inside its chat template and stops at <|end|>', async () => {
    const m = loaded['tiny-tuned']!;
    const review = 'I went to the cafe in Redwood. The cake was tasty. The staff were kind. I will come back.';
    const [answer] = await greedyWithCache(m, [chatPrompt(m, `Is the following review positive or negative?\n${review}`)], 16);
    expect(answer!.at(-1)).toBe(m.eos);
    expect(m.tokenizer.decode(answer!, { skip_special_tokens: true }).trim()).toBe('positive');
  });
});
