import { displayPath, located } from '../config/load-yaml.js';
import type { TaskFile } from '../config/task-schema.js';
import { ConfigError, DataError } from '../errors.js';
import { didYouMean } from '../config/suggest.js';
import { getMetric } from '../metrics/registry.js';
import { checkRowConstraints } from './constraints.js';
import { getField, isBlank, placeholderProblem, templateFields } from './template.js';
import type { Sample } from './types.js';

type LineOf = (keyPath: readonly PropertyKey[]) => number | undefined;

/** What the task file alone can get wrong: template ids, placeholder syntax, the answer block. */
export function checkSpec(spec: TaskFile, file: string, lineOf: LineOf = () => undefined): void {
  const ids = new Set<string>();
  spec.templates.forEach((t, i) => {
    if (ids.has(t.id)) throw new ConfigError(`${located(file, lineOf(['templates', i, 'id']))} templates: the id "${t.id}" is used twice`, { file, hint: 'give every template its own id' });
    ids.add(t.id);
    checkPlaceholders(t.prompt, ['templates', i, 'prompt'], file, lineOf);
    if (t.system) checkPlaceholders(t.system, ['templates', i, 'system'], file, lineOf);
  });
  if (spec.code) for (const key of ['prefix', 'tests'] as const) checkPlaceholders(spec.code[key], ['code', key], file, lineOf);
  spec.metrics.forEach((m, i) => {
    try {
      getMetric(typeof m === 'string' ? m : m.name);
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      const line = lineOf(['metrics', i]);
      throw new ConfigError(`${located(file, line)} metrics.${i}: ${err.message}`, { file, line, hint: err.hint });
    }
  });
  if (spec.answer.type === 'choice' && spec.answer.choices) {
    const folded = spec.answer.choices.map((c) => c.trim().toLowerCase());
    const twice = folded.findIndex((c, i) => folded.indexOf(c) !== i);
    if (twice >= 0) {
      const line = lineOf(['answer', 'choices', twice]);
      throw new ConfigError(`${located(file, line)} answer.choices: "${spec.answer.choices[twice]}" is listed twice (labels are matched ignoring case and spaces)`, {
        file, line, hint: 'list every label once: a label named twice makes the gold answer ambiguous',
      });
    }
  }
  if (spec.answer.type === 'choice' && !spec.answer.choices && !spec.answer.choices_field) {
    throw new ConfigError(`${displayPath(file)} answer: a choice task needs "choices" (the label set) or "choices_field"`, { file, hint: 'add answer.choices: [label, …]' });
  }
  if (spec.category === 'code' && !spec.code) {
    throw new ConfigError(`${displayPath(file)} code: a code task needs a "code" block (language, tests)`, { file, hint: 'add code: {language: javascript, tests: "{{tests}}"}' });
  }
}

function checkPlaceholders(text: string, keyPath: (string | number)[], file: string, lineOf: LineOf): void {
  const problem = placeholderProblem(text);
  if (!problem) return;
  const line = lineOf(keyPath);
  throw new ConfigError(`${located(file, line)} ${keyPath.join('.')}: ${problem}`, {
    file, line, hint: 'a placeholder is {{field}} with two braces on each side; the model would otherwise see the braces as text',
  });
}

/**
 * Every row has an id of its own, the fields the templates use, and a reference when a metric
 * needs one (labels were checked when each row's answer was resolved). Exemplars are held to the
 * same rules, and a generate exemplar always needs its reference: it is the answer the shot shows.
 */
export function checkSamples(samples: Sample[], spec: TaskFile, dataFile: string, role: 'items' | 'exemplars' = 'items', taskFile?: TaskSource): void {
  const where = (s: Sample) => `${displayPath(dataFile)}${s.line ? `:${s.line}` : ''}`;
  if (samples.length === 0) {
    throw new DataError(`${displayPath(dataFile)} has no rows`, { file: dataFile, hint: role === 'items' ? 'a task needs at least one item' : 'give the exemplar file at least one row, or remove `exemplars:` from the task' });
  }
  const seen = new Map<string, Sample>();
  const needed = new Set(spec.templates.flatMap((t) => [...templateFields(t.prompt), ...templateFields(t.system ?? '')]));
  if (taskFile) checkFieldsExist(samples, spec, needed, dataFile, taskFile);
  const needsReference = role === 'exemplars' ? 'the k-shot prompt' : referenceMetric(spec);
  for (const s of samples) {
    const first = seen.get(s.id);
    if (first) throw new DataError(`${where(s)} the id "${s.id}" was already used at line ${first.line}`, { file: dataFile, line: s.line, hint: `ids (field "${spec.id_field}") must be unique` });
    seen.set(s.id, s);
    for (const field of needed) {
      if (isBlank(getField(s.fields, field))) {
        throw new DataError(`${where(s)} field "${field}" is missing or empty (a template uses {{${field}}})`, { file: dataFile, line: s.line, hint: 'fill the field or map it with data.fields' });
      }
    }
    if (spec.answer.type === 'generate' && needsReference && s.answer.type === 'generate' && !s.answer.references.some((r) => r.trim() !== '')) {
      const why = role === 'exemplars' ? 'and an exemplar shows it as the answer in the k-shot prompt' : `and metric ${needsReference} compares answers with it`;
      throw new DataError(`${where(s)} field "${spec.answer.reference}" (the reference answer) is missing or empty, ${why}`, {
        file: dataFile, line: s.line, hint: 'give every row its reference, map it with data.fields, or name the field with answer.reference',
      });
    }
  }
  checkRowConstraints(samples, spec, dataFile);
}

/** The task file a template came from, to point at its line. */
export interface TaskSource {
  file: string;
  lineOf: LineOf;
}

/**
 * A placeholder that names a field no row has is the template's mistake, not the data's (a typo
 * such as {{txet}}): say so at the template's line, with the nearest field the rows do have.
 */
function checkFieldsExist(samples: Sample[], spec: TaskFile, needed: Set<string>, dataFile: string, task: TaskSource): void {
  for (const field of needed) {
    if (samples.some((s) => getField(s.fields, field) !== undefined)) continue;
    const i = spec.templates.findIndex((t) => templateFields(t.prompt).includes(field) || templateFields(t.system ?? '').includes(field));
    const key = templateFields(spec.templates[i]!.prompt).includes(field) ? 'prompt' : 'system';
    const line = task.lineOf(['templates', i, key]);
    const known = [...new Set(samples.slice(0, 50).flatMap((s) => Object.keys(s.fields)))];
    throw new ConfigError(
      `${located(task.file, line)} template "${spec.templates[i]!.id}" uses {{${field}}}, a field no row of ${displayPath(dataFile)} has${didYouMean(field, known)}`,
      { file: task.file, line, hint: `the rows have ${known.map((k) => `"${k}"`).join(', ')}; fix the placeholder, or map a column to "${field}" with data.fields` },
    );
  }
}

/** The first metric of a generate task that scores against references (none for code or constraint tasks). */
function referenceMetric(spec: TaskFile): string | undefined {
  if (spec.answer.type !== 'generate') return undefined;
  return spec.metrics.map((m) => (typeof m === 'string' ? m : m.name)).find((name) => getMetric(name).usesReferences === true);
}
