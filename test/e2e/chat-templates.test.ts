import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildTinyDecoder, loadTokenizerFiles } from '../helpers/onnx-builder/index.js';
import { ROOT, runCli } from '../helpers/cli.js';

/**
 * Production chat templates as a user meets them, through `heldout run`: a Gemma-2-style template
 * that raises on a system turn, and a Qwen3 template whose model replies with a thinking section.
 */
const tmp = mkdtempSync(path.join(os.tmpdir(), 'heldout-chat-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const env = { HELDOUT_CACHE_DIR: path.join(tmp, 'cache') };
const sentiment = path.relative(tmp, path.join(ROOT, 'tasks/toy/sentiment/task.yaml'));

/** Gemma 2's convention, in our words: no system role, user/model turns. */
const GEMMA_STYLE = [
  "{{ bos_token }}{% if messages[0]['role'] == 'system' %}{{ raise_exception('System role not supported') }}{% endif %}",
  "{% for message in messages %}{% set role = 'model' if message['role'] == 'assistant' else message['role'] %}",
  "{{ '<|user|>\\n' if role == 'user' else '<|assistant|>\\n' }}{{ message['content'] | trim }}{{ '<|end|>\\n' }}{% endfor %}",
  "{% if add_generation_prompt %}{{ '<|assistant|>\\n' }}{% endif %}",
].join('');

function benchmark(name: string, tuned: Record<string, unknown>, extra: Record<string, unknown> = {}): string {
  const file = path.join(tmp, `${name}.yaml`);
  const models = { base: { source: 'base', format: 'plain' }, tuned: { source: 'tuned', format: 'chat', ...tuned } };
  writeFileSync(file, JSON.stringify({ name, tasks: [sentiment], models, compare: { baseline: 'base', candidate: 'tuned' }, seed: 1, ...extra }));
  return file;
}

const records = (out: string, model: string) =>
  readFileSync(path.join(out, `samples/${model}/toy-sentiment.jsonl`), 'utf8').trim().split('\n').map((l) => JSON.parse(l));

describe('a template that rejects a system message', () => {
  buildTinyDecoder({ dir: path.join(tmp, 'base'), tokenizer: 'tiny-base' });
  buildTinyDecoder({ dir: path.join(tmp, 'tuned'), seed: 2, chatTemplate: GEMMA_STYLE });

  it('is exit 2 naming the template and both fixes, before any model is asked', () => {
    const out = path.join(tmp, 'run-system');
    const r = runCli(['run', benchmark('system', { system: 'Answer with one word.' }), '--limit', '2', '--out', out], { env });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`the chat template in ${path.join(tmp, 'tuned', 'tokenizer_config.json')} rejects a system message (System role not supported)`);
    expect(r.stderr).toMatch(/drop the system message \(models\.tuned\.system.*models\.tuned\.system_mode: merge/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(path.join(out, 'samples'))).toBe(false);
  });

  it('with system_mode: merge the system text opens the user turn and the run completes', () => {
    const out = path.join(tmp, 'run-merge');
    const r = runCli(['run', benchmark('merge', { system: 'Answer with one word.', system_mode: 'merge' }), '--limit', '2', '--out', out], { env });
    expect(r.stderr).not.toMatch(/error/);
    expect(r.code).toBe(0);
    const prompt = records(out, 'tuned')[0].prompt as string;
    expect(prompt).toMatch(/^<\|endoftext\|><\|user\|>\nAnswer with one word\.\n\n/);
  });
});

describe('a Qwen3 model that thinks before it answers', () => {
  const qwen = loadTokenizerFiles('qwen3');
  const id = (t: string) => qwen.idOf(t)!;
  // "<think>\n\nHmm</think>\n\n\npositive", then <|im_end|>: the "\n" stop of the task falls inside the thinking section.
  const reply = [id('<think>'), id('ĊĊ'), id('Hmm'), id('</think>'), id('ĊĊĊ'), id('positive')];
  buildTinyDecoder({ dir: path.join(tmp, 'qwen'), tokenizer: 'qwen3', hidden: 16, layers: 1, script: { after: id('Ċ'), reply } });

  const runWith = (name: string, tuned: Record<string, unknown>, extra: Record<string, unknown> = {}) => {
    const out = path.join(tmp, `run-${name}`);
    const r = runCli(['run', benchmark(name, { source: 'qwen', ...tuned }, extra), '--limit', '3', '--out', out, '--format', 'json'], { env });
    expect(r.stderr).not.toMatch(/error/);
    expect(r.code).toBe(0);
    return { recs: records(out, 'tuned'), stderr: r.stderr, out };
  };
  const run = (name: string, tuned: Record<string, unknown>) => runWith(name, tuned).recs;

  it('is scored on the text after the thinking section; the raw reply stays in the sample log', () => {
    for (const rec of run('thinking', {})) {
      expect(rec.generations[0]).toBe('<think>\n\nHmm</think>\n\n\npositive');
      expect(rec.answer).toBe('positive');
      expect(rec.scores.accuracy).toBe(rec.references[0] === 'positive' ? 1 : 0);
      expect(rec.scores.format_rate).toBe(1);
    }
  });

  it('strip_thinking: false scores the raw reply (the stop string then ends it inside the section)', () => {
    for (const rec of run('raw', { strip_thinking: false })) {
      expect(rec.answer).toBe('<think>');
      expect(rec.scores.format_rate).toBe(0);
    }
  });

  it('enable_thinking: false reaches the template: the prompt closes the thinking section', () => {
    const recs = run('no-thinking', { chat_template_kwargs: { enable_thinking: false } });
    expect(recs[0].prompt.endsWith('<|im_start|>assistant\n<think>\n\n</think>\n\n')).toBe(true);
    expect(run('thinking', {})[0].prompt.endsWith('<|im_start|>assistant\n')).toBe(true);
  });

  it('a reply cut off inside its thinking section is counted and said, not silently scored as a wrong answer', () => {
    // three tokens: "<think>\n\nHmm", the closing tag never comes
    const { recs, stderr, out } = runWith('cut-thinking', {}, { generation: { max_new_tokens: 3 } });
    for (const rec of recs) {
      expect(rec.generations[0]).toBe('<think>\n\nHmm');
      expect(rec.answer).toBe('');
      expect(rec.unclosedThinking).toBe(1);
    }
    const result = JSON.parse(readFileSync(path.join(out, 'results/tuned.json'), 'utf8'));
    expect(result.tasks[0].unclosedThinking).toBe(recs.length);
    expect(stderr).toContain(`warning: tuned: ${recs.length} answers (toy-sentiment ${recs.length}) ended inside the reasoning section before the token limit and were scored as empty`);
    expect(stderr).toContain('raise generation.max_new_tokens');
    expect(run('thinking', {}).every((rec) => rec.unclosedThinking === undefined)).toBe(true);
  });
});
