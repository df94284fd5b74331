import { createHash } from 'node:crypto';
import type { ModelSpec } from '../config/benchmark-schema.js';
import type { TemplateSpec } from '../config/task-schema.js';
import { chatOptionsOf, withChatOptions } from '../models/chat-options.js';
import { promptWithShots, type FewShot } from '../models/fewshot.js';
import type { RequestPrompt, ThinkingTags } from '../models/types.js';
import { buildFewShot, drawExemplars } from './exemplars.js';
import { renderTemplate } from '../tasks/template.js';
import type { Sample, Task } from '../tasks/types.js';

/** One (task, template, item) for one model: what to ask and how to score it. */
export interface Unit {
  key: string;
  task: Task;
  template: TemplateSpec;
  sample: Sample;
  prompt: RequestPrompt;
  /** Present when the model is asked k-shot. */
  fewshot?: FewShot;
  references: string[];
  choice?: { choices: string[]; gold: number; continuations: string[] };
  maxNewTokens: number;
  stop: string[];
  /** A stability unit: K answers sampled at this temperature (src/runner/stability-unit.ts). */
  stability?: { samples: number; temperature: number };
  /** Score the answer after this reasoning section (the raw reply stays in the record's generations). */
  thinking?: ThinkingTags;
}

export interface PlanOptions {
  model: ModelSpec;
  /** Benchmark seed (draws the exemplars). */
  seed: number;
  /** The model's fingerprint: answers of another model never count. */
  fingerprint: string;
  templates?: string[];
  /** Generation settings that change answers (part of the identity). */
  settings: Record<string, unknown>;
  maxNewTokens?: number;
  /** Reasoning tags to strip from answers before scoring (src/runner/postprocess.ts stripThinking). */
  thinking?: ThinkingTags;
}

export function planTask(task: Task, opts: PlanOptions): Unit[] {
  const templates = opts.templates ? task.templates.filter((t) => opts.templates!.includes(t.id)) : task.templates;
  const units: Unit[] = [];
  for (const template of templates) {
    const exemplars = drawExemplars(task, template, opts.model.shots, opts.seed);
    for (const sample of task.samples) units.push(planUnit(task, template, sample, exemplars, opts));
  }
  return units;
}

function planUnit(task: Task, template: TemplateSpec, sample: Sample, exemplars: Sample[], opts: PlanOptions): Unit {
  const text = renderTemplate(template.prompt, sample.fields, { file: task.dataFile, line: sample.line, templateId: template.id });
  const chat = chatOptionsOf(opts.model);
  const fewshot = exemplars.length
    ? { ...buildFewShot(task, template, exemplars, text, opts.model.format, opts.model.system ?? template.system), ...(chat ? { chat } : {}) }
    : undefined;
  const prompt = fewshot ? promptWithShots(fewshot) : withChatOptions(toPrompt(text, opts.model, template.system), chat);
  const answer = task.spec.answer;
  const maxNewTokens = opts.maxNewTokens ?? answer.max_new_tokens;
  let choice: Unit['choice'];
  let refs: string[];
  if (sample.answer.type === 'choice') {
    const { choices, gold } = sample.answer;
    const prefix = opts.model.format === 'chat' || answer.type !== 'choice' ? '' : answer.prefix;
    choice = { choices, gold, continuations: choices.map((c) => prefix + c) };
    refs = [choices[gold]!];
  } else {
    refs = sample.answer.references;
  }
  const key = unitKey([opts.fingerprint, task.id, template.id, sample.id, JSON.stringify(prompt), JSON.stringify(choice?.continuations ?? null), maxNewTokens, answer.stop, opts.settings,
    ...(opts.thinking ? [opts.thinking] : [])]);
  return { key, task, template, sample, prompt, fewshot, references: refs, choice, maxNewTokens, stop: answer.stop, thinking: opts.thinking };
}

function toPrompt(text: string, model: ModelSpec, templateSystem?: string): RequestPrompt {
  if (model.format === 'plain') return { kind: 'text', text };
  const system = model.system ?? templateSystem;
  return { kind: 'chat', messages: [...(system ? [{ role: 'system' as const, content: system }] : []), { role: 'user', content: text }] };
}

export function unitKey(parts: unknown[]): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 24);
}
