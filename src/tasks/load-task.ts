import path from 'node:path';
import { readYaml, validateYaml, displayPath } from '../config/load-yaml.js';
import { taskFileSchema, type DataSource, type TaskFile } from '../config/task-schema.js';
import { ConfigError, DataError } from '../errors.js';
import { expandPath, readRows, type Row } from './readers/index.js';
import { choiceSet, goldIndex } from './answers.js';
import { checkRowConstraints } from './constraints.js';
import { fieldText, getField, templateFields } from './template.js';
import type { MetricSpec, Sample, Task } from './types.js';

export interface LoadTaskOptions {
  /** Keep only the first N items. */
  limit?: number;
  env?: NodeJS.ProcessEnv;
}

/** Read, validate and load a task file and its data. */
export async function loadTask(file: string, opts: LoadTaskOptions = {}): Promise<Task> {
  const abs = path.resolve(file);
  const spec = validateYaml(await readYaml(abs), taskFileSchema, 'task');
  checkSpec(spec, abs);
  const dir = path.dirname(abs);
  const { rows, dataFile } = await readSource(spec.data, dir, opts.env);
  const samples = toSamples(rows, spec);
  checkSamples(samples, spec, dataFile);
  const exemplarSource = spec.exemplars ? await readSource(spec.exemplars, dir, opts.env) : undefined;
  const exemplars = exemplarSource ? toSamples(exemplarSource.rows, spec) : [];
  if (exemplarSource) checkExemplarsApart(exemplars, samples, spec, exemplarSource.dataFile);
  return {
    id: spec.id,
    category: spec.category,
    family: spec.family,
    description: spec.description,
    license: spec.license,
    file: abs,
    dataFile,
    spec,
    templates: spec.templates,
    samples: opts.limit ? samples.slice(0, opts.limit) : samples,
    exemplars,
    metrics: spec.metrics.map(toMetricSpec),
    code: spec.code,
  };
}

async function readSource(source: DataSource, dir: string, env?: NodeJS.ProcessEnv): Promise<{ rows: Row[]; dataFile: string }> {
  const opts = typeof source === 'string' ? { path: source } : source;
  const dataFile = expandPath(opts.path, dir, env);
  const rows = await readRows(dataFile, { format: opts.format, fields: opts.fields, split: opts.split, limit: opts.limit });
  return { rows, dataFile };
}

function toMetricSpec(ref: TaskFile['metrics'][number]): MetricSpec {
  return typeof ref === 'string' ? { name: ref, options: {} } : { name: ref.name, options: ref.options };
}

function toSamples(rows: Row[], spec: TaskFile): Sample[] {
  return rows.map((row, index) => {
    const raw = getField(row.data, spec.id_field);
    const id = raw === undefined || raw === null || raw === '' ? `${index + 1}` : fieldText(raw);
    return { id, line: row.line, fields: row.data };
  });
}

function checkSpec(spec: TaskFile, file: string): void {
  const ids = new Set<string>();
  for (const t of spec.templates) {
    if (ids.has(t.id)) throw new ConfigError(`${displayPath(file)} templates: the id "${t.id}" is used twice`, { file, hint: 'give every template its own id' });
    ids.add(t.id);
  }
  if (spec.answer.type === 'choice' && !spec.answer.choices && !spec.answer.choices_field) {
    throw new ConfigError(`${displayPath(file)} answer: a choice task needs "choices" (the label set) or "choices_field"`, { file, hint: 'add answer.choices: [label, …]' });
  }
  if (spec.category === 'code' && !spec.code) {
    throw new ConfigError(`${displayPath(file)} code: a code task needs a "code" block (language, tests)`, { file, hint: 'add code: {language: javascript, tests: "{{tests}}"}' });
  }
}

/** Every row has an id of its own, the fields the templates use, and (choice tasks) a label in the set. */
function checkSamples(samples: Sample[], spec: TaskFile, dataFile: string): void {
  const where = (s: Sample) => `${displayPath(dataFile)}${s.line ? `:${s.line}` : ''}`;
  if (samples.length === 0) throw new DataError(`${displayPath(dataFile)} has no rows`, { file: dataFile, hint: 'a task needs at least one item' });
  const seen = new Map<string, Sample>();
  const needed = new Set(spec.templates.flatMap((t) => templateFields(t.prompt)));
  for (const s of samples) {
    const first = seen.get(s.id);
    if (first) throw new DataError(`${where(s)} the id "${s.id}" was already used at line ${first.line}`, { file: dataFile, line: s.line, hint: `ids (field "${spec.id_field}") must be unique` });
    seen.set(s.id, s);
    for (const field of needed) {
      const v = getField(s.fields, field);
      if (v === undefined || v === null || (typeof v === 'string' && v.trim() === '')) {
        throw new DataError(`${where(s)} field "${field}" is missing or empty (a template uses {{${field}}})`, { file: dataFile, line: s.line, hint: 'fill the field or map it with data.fields' });
      }
    }
    if (spec.answer.type === 'choice') goldIndex(s, spec.answer, choiceSet(s, spec.answer, where(s)), where(s));
  }
  checkRowConstraints(samples, spec, dataFile);
}

/** An exemplar shown to the model must never be an item it is scored on. */
function checkExemplarsApart(exemplars: Sample[], samples: Sample[], spec: TaskFile, file: string): void {
  const content = (s: Sample) => JSON.stringify(Object.entries(s.fields).filter(([k]) => k !== spec.id_field).sort(([a], [b]) => a.localeCompare(b)));
  const ids = new Map(samples.map((s) => [s.id, s]));
  const contents = new Map(samples.map((s) => [content(s), s]));
  for (const e of exemplars) {
    const twin = ids.get(e.id) ?? contents.get(content(e));
    if (twin) {
      throw new DataError(`${displayPath(file)}${e.line ? `:${e.line}` : ''} exemplar "${e.id}" is also an evaluated item (data line ${twin.line})`, {
        file, line: e.line, hint: 'exemplars must be kept apart from the evaluated data: remove it from one of the two files',
      });
    }
  }
}
