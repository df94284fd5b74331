import path from 'node:path';
import { loadTask } from '../../src/tasks/load-task.js';
import { renderTemplate } from '../../src/tasks/template.js';
import { choiceSet } from '../../src/tasks/answers.js';
import type { Task } from '../../src/tasks/types.js';

const TOY = path.resolve(import.meta.dirname, '..', '..', 'tasks', 'toy');

function render(task: Task, limit: number): string[] {
  const out: string[] = [];
  for (const sample of task.samples) {
    for (const t of task.templates) {
      out.push(renderTemplate(t.prompt, sample.fields, { file: task.dataFile, line: sample.line, templateId: t.id }));
      if (out.length >= limit) return out;
    }
  }
  return out;
}

/**
 * Plain-text prompts of the toy generation tasks (QA and summaries, alternating), `count` of them,
 * longest first as the runner orders a task's requests (batches of similar length pad least).
 */
export async function generationPrompts(count: number): Promise<string[]> {
  const qa = render(await loadTask(path.join(TOY, 'passage-qa', 'task.yaml')), count);
  const sum = render(await loadTask(path.join(TOY, 'story-summary', 'task.yaml')), count);
  const prompts = Array.from({ length: count }, (_, i) => (i % 2 === 0 ? qa : sum)[Math.floor(i / 2)]!);
  return prompts.sort((a, b) => b.length - a.length);
}

export interface ChoiceItem {
  context: string;
  continuations: string[];
}

/** 4-choice items of the toy news-topic task, as a plain-format model is asked them (prefix + choice). */
export async function choiceItems(count: number): Promise<ChoiceItem[]> {
  const task = await loadTask(path.join(TOY, 'news-topic', 'task.yaml'));
  const answer = task.spec.answer;
  if (answer.type !== 'choice') throw new Error('toy-news-topic is expected to be a choice task');
  const items: ChoiceItem[] = [];
  for (const sample of task.samples) {
    const choices = choiceSet(sample, answer, task.dataFile);
    for (const t of task.templates) {
      const context = renderTemplate(t.prompt, sample.fields, { file: task.dataFile, line: sample.line, templateId: t.id });
      items.push({ context, continuations: choices.map((c) => answer.prefix + c) });
      if (items.length >= count) return items;
    }
  }
  return items;
}
