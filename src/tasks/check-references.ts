import { displayPath } from '../config/load-yaml.js';
import { programHead } from '../runner/score-unit.js';
import { runTestPrograms } from '../sandbox/index.js';
import { renderTemplate } from './template.js';
import type { Task } from './types.js';

export interface ReferenceProblem { file: string; line: number; message: string }

/** Every code problem's reference solution must pass its own tests, or the task cannot score anyone. */
export async function checkCodeReferences(task: Task, concurrency = 2): Promise<ReferenceProblem[]> {
  const spec = task.code;
  if (!spec || task.spec.answer.type !== 'generate') return [];
  const programs = task.samples.map((s) => {
    const ctx = { file: task.dataFile, line: s.line, templateId: 'code' };
    const solution = (s.answer.type === 'generate' ? s.answer.references[0] : undefined) ?? '';
    const prefix = renderTemplate(spec.prefix, s.fields, ctx);
    return { language: spec.language, timeoutMs: spec.timeout_ms, code: `${programHead(prefix, solution)}${solution}\n${renderTemplate(spec.tests, s.fields, ctx)}\n` };
  });
  const results = await runTestPrograms(programs, concurrency);
  return results.flatMap((r, i) => {
    if (r.status === 'passed') return [];
    const s = task.samples[i]!;
    const tail = r.stderrTail.trim().split('\n').slice(-2).join(' ⏎ ');
    return [{ file: task.dataFile, line: s.line, message: `${displayPath(task.dataFile)}:${s.line} item "${s.id}": the reference solution ${r.status} its tests${tail ? ` (${tail})` : ''}` }];
  });
}
