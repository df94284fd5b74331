import { getMetric, type ScoreInput } from '../metrics/registry.js';
import type { GenerateResult, LoglikelihoodResult } from '../models/types.js';
import { runTestProgram } from '../sandbox/index.js';
import { CONSTRAINT_METRICS } from '../metrics/defs/constraint-metrics.js';
import { hasConstraints, itemConstraints } from '../tasks/constraints.js';
import { renderTemplate } from '../tasks/template.js';
import type { MetricSpec, Task } from '../tasks/types.js';
import type { Unit } from './plan.js';
import { CodeCache } from './code-cache.js';
import { opensThinking, stripThinking, thinkingUnclosed } from '../models/thinking.js';
import { postprocess } from './postprocess.js';
import type { SampleRecord } from './record.js';

/** Choice tasks always report rank classification and the generated answer's accuracy and format. */
const CHOICE_METRICS = ['acc', 'acc_norm', 'accuracy', 'format_rate'];

export function effectiveMetrics(task: Task): MetricSpec[] {
  const specs = [...task.metrics];
  if (task.spec.answer.type === 'choice') {
    for (const name of CHOICE_METRICS) if (!specs.some((m) => m.name === name)) specs.push({ name, options: {} });
  }
  // A task that declares output constraints always reports whether they were followed.
  if (hasConstraints(task.spec)) for (const name of CONSTRAINT_METRICS) if (!specs.some((m) => m.name === name)) specs.push({ name, options: {} });
  return specs;
}

export interface UnitOutputs {
  generation?: GenerateResult;
  scores?: LoglikelihoodResult;
}

/** Turn a unit's model outputs into its sample record, running generated code when the task has tests. */
export async function scoreUnit(unit: Unit, model: string, renderedPrompt: string, out: UnitOutputs, codeCache = new CodeCache(null)): Promise<SampleRecord> {
  const { task } = unit;
  const steps = task.spec.answer.type === 'generate' ? task.spec.answer.postprocess : (['trim', 'first_line'] as const);
  const thinking = unit.thinking;
  const open = thinking ? opensThinking(renderedPrompt, thinking) : false;
  const answers = (out.generation?.texts ?? []).map((t) => postprocess(thinking ? stripThinking(t, thinking, open) : t, steps));
  const record: SampleRecord = {
    key: unit.key, model, task: task.id, template: unit.template.id, item: unit.sample.id,
    prompt: renderedPrompt, references: unit.references,
    truncatedTokens: Math.max(out.generation?.truncatedTokens ?? 0, out.scores?.truncatedTokens ?? 0),
    scores: {}, stats: {},
  };
  if (unit.fewshot) {
    record.shots = unit.fewshot.shots.length;
    record.droppedShots = Math.max(out.generation?.droppedShots ?? 0, out.scores?.droppedShots ?? 0);
  }
  if (out.generation) Object.assign(record, { answer: answers[0] ?? '', generations: out.generation.texts, finish: out.generation.finish });
  const unclosed = thinking ? (out.generation?.texts ?? []).filter((t) => thinkingUnclosed(t, thinking, open)).length : 0;
  if (unclosed > 0) record.unclosedThinking = unclosed;
  if (unit.choice) Object.assign(record, { choices: unit.choice.choices, gold: unit.choice.gold });
  if (out.scores) Object.assign(record, { logprobs: out.scores.logprobs, choiceTokens: out.scores.tokens, greedy: out.scores.greedy });
  if (task.code && out.generation) record.code = await runCode(unit, answers, codeCache);
  const input: ScoreInput = {
    prediction: answers[0] ?? '',
    references: unit.references,
    choices: unit.choice?.choices,
    gold: unit.choice?.gold,
    choiceLogprobs: out.scores?.logprobs,
    codeResults: record.code?.map((c) => c.status === 'passed'),
    constraints: itemConstraints(task.spec, unit.sample, task.dataFile),
  };
  for (const spec of effectiveMetrics(task)) {
    const metric = getMetric(spec.name);
    if (metric.needs === 'loglikelihood' && !out.scores) continue;
    if (metric.needs === 'generation' && !out.generation) continue;
    if (metric.needs === 'code' && !record.code) continue;
    const stats = metric.itemStats(input, spec.options);
    record.stats[spec.name] = stats;
    record.scores[spec.name] = metric.itemValue(stats);
  }
  return record;
}

async function runCode(unit: Unit, completions: string[], cache: CodeCache): Promise<NonNullable<SampleRecord['code']>> {
  const spec = unit.task.code!;
  const ctx = { file: unit.task.dataFile, line: unit.sample.line, templateId: unit.template.id };
  const prefix = renderTemplate(spec.prefix, unit.sample.fields, ctx);
  const tests = renderTemplate(spec.tests, unit.sample.fields, ctx);
  const results: NonNullable<SampleRecord['code']> = [];
  for (const completion of completions) {
    const code = `${programHead(prefix, completion)}${completion}\n${tests}\n`;
    const key = CodeCache.key(spec.language, code, spec.timeout_ms);
    let outcome = await cache.get(key);
    if (!outcome) {
      const r = await runTestProgram({ language: spec.language, code, timeoutMs: spec.timeout_ms });
      outcome = { status: r.status, isolation: r.isolation, ...(r.status === 'passed' ? {} : { stderrTail: r.stderrTail.slice(-400) }) };
      await cache.put(key, outcome);
    }
    results.push(outcome);
  }
  return results;
}

/**
 * The prompt's code goes before the completion, unless the completion already defines the
 * function itself (what chat models do when they answer with a whole code block).
 */
export function programHead(prefix: string, completion: string): string {
  if (!prefix) return '';
  const signature = prefix.match(/^\s*(?:async\s+)?(?:function\s+[A-Za-z0-9_$]+|def\s+[A-Za-z0-9_]+)\s*\(/m)?.[0]?.trim();
  if (signature && completion.includes(signature.replace(/\s*\($/, ''))) return '';
  return prefix;
}
