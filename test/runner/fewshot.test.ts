import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataError } from '../../src/errors.js';
import { promptWithShots } from '../../src/models/fewshot.js';
import { OnnxModel } from '../../src/models/onnx/onnx-model.js';
import { buildFewShot, drawExemplars } from '../../src/runner/exemplars.js';
import { loadTask } from '../../src/tasks/load-task.js';
import type { Task } from '../../src/tasks/types.js';
import { ROOT } from '../helpers/cli.js';

const TASK = `id: fs
category: classification
family: f
description: d
license: MIT
data: data.jsonl
exemplars: shots.jsonl
templates:
  - { id: a, prompt: "Review: {{text}}\\nSentiment:" }
  - { id: b, prompt: "{{text}} Was it good?" }
answer: { type: choice, choices: [positive, negative] }
metrics: [acc]
`;

function taskDir(shots: string[]): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'heldout-fewshot-'));
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'task.yaml'), TASK);
  writeFileSync(path.join(dir, 'data.jsonl'), ['{"id":"d1","text":"great soup","label":"positive"}', '{"id":"d2","text":"cold tea","label":"negative"}'].join('\n'));
  writeFileSync(path.join(dir, 'shots.jsonl'), shots.join('\n'));
  return dir;
}

const SHOTS = Array.from({ length: 8 }, (_, i) => JSON.stringify({ id: `e${i}`, text: `example ${i} text`, label: i % 2 ? 'negative' : 'positive' }));

describe('k-shot exemplars', () => {
  let task: Task;
  beforeAll(async () => { task = await loadTask(path.join(taskDir(SHOTS), 'task.yaml')); });

  it('the same seed gives the same exemplars; another seed or template gives others', () => {
    const [a, b] = task.templates;
    const ids = (seed: number, t = a!) => drawExemplars(task, t, 3, seed).map((e) => e.id);
    expect(ids(7)).toEqual(ids(7));
    expect(ids(7)).toHaveLength(3);
    expect(new Set(ids(7)).size).toBe(3);
    const others = [1, 2, 3, 4, 5].map((s) => ids(s).join());
    expect(new Set(others).size).toBeGreaterThan(1);
    expect([1, 2, 3, 4, 5].some((s) => ids(s, b!).join() !== ids(s).join())).toBe(true);
  });

  it('an exemplar that is also an evaluated item is an error naming its line', async () => {
    const dir = taskDir([...SHOTS, '{"id":"x9","text":"cold tea","label":"negative"}']);
    await expect(loadTask(path.join(dir, 'task.yaml'))).rejects.toThrow(DataError);
    await expect(loadTask(path.join(dir, 'task.yaml'))).rejects.toThrow(/shots\.jsonl:9 exemplar "x9" is also an evaluated item/);
    const sameId = taskDir([...SHOTS, '{"id":"d1","text":"other","label":"negative"}']);
    await expect(loadTask(path.join(sameId, 'task.yaml'))).rejects.toThrow(/also an evaluated item/);
  });

  it('exemplars are checked like items, against their own file: a bad label, a missing template field', async () => {
    const badLabel = taskDir([...SHOTS, '{"id":"e9","text":"fine","label":"neutral"}']);
    await expect(loadTask(path.join(badLabel, 'task.yaml'))).rejects.toThrow(/shots\.jsonl:9 label "neutral" \(field "label"\) is not one of "positive", "negative"/);
    const noText = taskDir([...SHOTS, '{"id":"e9","label":"positive"}']);
    await expect(loadTask(path.join(noText, 'task.yaml'))).rejects.toThrow(/shots\.jsonl:9 field "text" is missing or empty/);
    const twice = taskDir([...SHOTS, SHOTS[0]!.replace('example 0', 'other')]);
    await expect(loadTask(path.join(twice, 'task.yaml'))).rejects.toThrow(/shots\.jsonl:9 the id "e0" was already used at line 1/);
  });

  it('a generate exemplar without a reference is refused (it would show the model a blank answer), even when no metric reads references', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'heldout-fewshot-gen-'));
    writeFileSync(path.join(dir, 'task.yaml'), TASK.replace('id: fs', 'id: gen').replace('category: classification', 'category: summarization')
      .replace('answer: { type: choice, choices: [positive, negative] }', 'answer: { type: generate, reference: summary, max_new_tokens: 8, constraints: [{ type: num_bullets, n: 1 }] }').replace('metrics: [acc]', 'metrics: [constraint_strict]'));
    writeFileSync(path.join(dir, 'data.jsonl'), '{"id":"d1","text":"a long story"}\n');
    writeFileSync(path.join(dir, 'shots.jsonl'), '{"id":"e1","text":"one","summary":"short"}\n{"id":"e2","text":"two"}\n');
    await expect(loadTask(path.join(dir, 'task.yaml'))).rejects.toThrow(/shots\.jsonl:2 field "summary" \(the reference answer\) is missing or empty, and an exemplar shows it as the answer in the k-shot prompt/);
    writeFileSync(path.join(dir, 'shots.jsonl'), '{"id":"e1","text":"one","summary":"short"}\n{"id":"e2","text":"two","summary":"brief"}\n');
    const task = await loadTask(path.join(dir, 'task.yaml'));
    expect(task.exemplars.map((e) => e.answer)).toEqual([{ type: 'generate', references: ['short'] }, { type: 'generate', references: ['brief'] }]);
    expect(task.samples[0]!.answer).toEqual({ type: 'generate', references: [] });
  });

  it('asking for more shots than exemplars is a config error', () => {
    expect(() => drawExemplars(task, task.templates[0]!, 20, 1)).toThrow(/20-shot asked, but task "fs" has 8 exemplars/);
  });

  it('renders exemplars with the same template, answer included, joined by the separator', () => {
    const ex = drawExemplars(task, task.templates[0]!, 2, 1);
    const fs = buildFewShot(task, task.templates[0]!, ex, 'Review: great soup\nSentiment:', 'plain');
    const p = promptWithShots(fs);
    expect(p.kind).toBe('text');
    const text = (p as { text: string }).text;
    expect(text.split('\n\n')).toHaveLength(3);
    expect(text.endsWith('Review: great soup\nSentiment:')).toBe(true);
    expect(text).toContain(`Review: ${ex[0]!.fields['text']}\nSentiment: ${ex[0]!.fields['label']}`);
  });
});

describe('k-shot prompts on the shipped models', () => {
  let tuned: OnnxModel;
  let base: OnnxModel;
  beforeAll(async () => {
    tuned = await OnnxModel.load('tuned', path.join(ROOT, 'models/tiny-tuned'), { threads: 1 });
    base = await OnnxModel.load('base', path.join(ROOT, 'models/tiny-base'), { threads: 1 });
  });
  afterAll(async () => { await tuned?.dispose(); await base?.dispose(); });

  it('chat-format exemplars render as user/assistant turns through the tokenizer template', () => {
    const fs = { format: 'chat' as const, shots: [{ prompt: 'Q one', answer: ' A one' }, { prompt: 'Q two', answer: ' A two' }], query: 'Q three', separator: '\n\n' };
    const text = tuned.renderPrompt(promptWithShots(fs));
    expect(text).toBe('<|user|>\nQ one<|end|>\n<|assistant|>\nA one<|end|>\n<|user|>\nQ two<|end|>\n<|assistant|>\nA two<|end|>\n<|user|>\nQ three<|end|>\n<|assistant|>\n');
  });

  it('a prompt over the context drops whole exemplars, never the item', async () => {
    const long = 'the cat sat on the mat and ate a red apple. '.repeat(12);
    const fs = { format: 'plain' as const, shots: [0, 1, 2, 3].map((i) => ({ prompt: `Example ${i}: ${long}`, answer: ' yes' })), query: 'Final question: is the sky blue? Answer:', separator: '\n\n' };
    const [g] = await base.generate([{ prompt: promptWithShots(fs), fewshot: fs, maxNewTokens: 4, stop: [], sampling: { temperature: 0, topP: 1, n: 1, seed: 1 } }]);
    expect(g!.droppedShots).toBeGreaterThan(0);
    expect(g!.droppedShots).toBeLessThan(4);
    expect(g!.truncatedTokens).toBe(0);
    const [s] = await base.loglikelihood([{ context: promptWithShots(fs), fewshot: fs, continuations: [' yes', ' no'] }]);
    expect(s!.droppedShots).toBe(g!.droppedShots);
    expect(s!.truncatedTokens).toBe(0);
  });
});
