import type { TemplateSpec } from '../config/task-schema.js';
import { ConfigError } from '../errors.js';
import type { FewShot } from '../models/fewshot.js';
import { createRng, seedFrom } from '../stats/index.js';
import { renderTemplate } from '../tasks/template.js';
import type { Sample, Task } from '../tasks/types.js';

/**
 * K exemplars for a template, drawn from the task's exemplar split with the benchmark seed:
 * the same ones for every item of the template, different across templates.
 */
export function drawExemplars(task: Task, template: TemplateSpec, shots: number, seed: number): Sample[] {
  if (shots === 0) return [];
  if (task.exemplars.length < shots) {
    throw new ConfigError(`${task.file}: ${shots}-shot asked, but task "${task.id}" has ${task.exemplars.length} exemplars`, {
      file: task.file,
      hint: task.exemplars.length ? `ask for at most ${task.exemplars.length} shots, or add exemplars` : 'add `exemplars: <file>` (rows kept apart from the evaluated data) to the task',
    });
  }
  const rng = createRng(seedFrom(seed, 'exemplars', task.id, template.id));
  const order = task.exemplars.map((_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order.slice(0, shots).map((i) => task.exemplars[i]!);
}

/** Exemplars rendered with the item's template, answer included. */
export function buildFewShot(task: Task, template: TemplateSpec, exemplars: Sample[], query: string, format: 'plain' | 'chat', system?: string): FewShot {
  const ctx = (s: Sample) => ({ file: task.dataFile, line: s.line, templateId: template.id });
  return {
    format,
    shots: exemplars.map((e) => ({ prompt: renderTemplate(template.prompt, e.fields, ctx(e)), answer: exemplarAnswer(task, e) })),
    query,
    separator: task.spec.fewshot_separator,
    system,
  };
}

function exemplarAnswer(task: Task, e: Sample): string {
  const answer = task.spec.answer;
  if (e.answer.type === 'choice') return (answer.type === 'choice' ? answer.prefix : '') + e.answer.choices[e.answer.gold]!;
  const ref = e.answer.references[0] ?? '';
  return task.code || /^\s/.test(ref) ? ref : ` ${ref}`;
}
