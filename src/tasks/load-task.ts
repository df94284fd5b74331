import path from 'node:path';
import { readYaml, validateYaml, displayPath } from '../config/load-yaml.js';
import { taskFileSchema, type DataSource, type TaskFile } from '../config/task-schema.js';
import { ConfigError, DataError } from '../errors.js';
import { expandPath, readRows, type Row } from './readers/index.js';
import { resolveAnswer } from './answers.js';
import { checkSamples, checkSpec } from './check-task.js';
import { fieldText, getField, isBlank } from './template.js';
import type { MetricSpec, Sample, Task } from './types.js';

export interface LoadTaskOptions {
  /** Keep only the first N items. */
  limit?: number;
  env?: NodeJS.ProcessEnv;
}

/** Read, validate and load a task file and its data. */
export async function loadTask(file: string, opts: LoadTaskOptions = {}): Promise<Task> {
  const abs = path.resolve(file);
  if (opts.limit !== undefined && !(Number.isInteger(opts.limit) && opts.limit >= 1)) {
    throw new ConfigError(`limit ${opts.limit}: items per task must be a whole number ≥ 1`, { hint: 'e.g. --limit 20; leave it out to run every item' });
  }
  const src = await readYaml(abs);
  const spec = validateYaml(src, taskFileSchema, 'task');
  checkSpec(spec, abs, src.lineOf);
  const dir = path.dirname(abs);
  const warnings = [...(src.warnings ?? [])];
  const { rows, dataFile } = await readSource(spec.data, dir, opts.env, warnings);
  const samples = withAnswers(skipEmpty(toRows(rows, spec), spec.data, dataFile, warnings), spec, dataFile);
  checkSamples(samples, spec, dataFile, 'items', { file: abs, lineOf: src.lineOf });
  const exemplarSource = spec.exemplars ? await readSource(spec.exemplars, dir, opts.env, warnings) : undefined;
  const exemplars = exemplarSource ? withAnswers(toRows(exemplarSource.rows, spec), spec, exemplarSource.dataFile) : [];
  if (exemplarSource) {
    checkSamples(exemplars, spec, exemplarSource.dataFile, 'exemplars');
    checkExemplarsApart(exemplars, samples, spec, exemplarSource.dataFile);
  }
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
    samples: opts.limit === undefined ? samples : samples.slice(0, opts.limit),
    exemplars,
    metrics: spec.metrics.map(toMetricSpec),
    code: spec.code,
    warnings,
  };
}

async function readSource(source: DataSource, dir: string, env: NodeJS.ProcessEnv | undefined, warnings: string[]): Promise<{ rows: Row[]; dataFile: string }> {
  const opts = typeof source === 'string' ? { path: source } : source;
  const dataFile = expandPath(opts.path, dir, env);
  const onWarning = (w: string) => warnings.push(w);
  const rows = await readRows(dataFile, { format: opts.format, fields: opts.fields, split: opts.split, limit: opts.limit, onWarning });
  return { rows, dataFile };
}

type UnresolvedSample = Omit<Sample, 'answer'>;

/** Rows the task file asks to leave out (data.skip_empty), each named in a warning. */
function skipEmpty(samples: UnresolvedSample[], source: DataSource, dataFile: string, warnings: string[]): UnresolvedSample[] {
  const fields = typeof source === 'string' ? undefined : source.skip_empty;
  if (!fields) return samples;
  const kept: UnresolvedSample[] = [];
  for (const s of samples) {
    const field = fields.find((f) => isBlank(getField(s.fields, f)));
    if (field === undefined) kept.push(s);
    else warnings.push(`${displayPath(dataFile)}${s.line ? `:${s.line}` : ''} left out: field "${field}" is missing or empty (data.skip_empty)`);
  }
  return kept;
}

function toMetricSpec(ref: TaskFile['metrics'][number]): MetricSpec {
  return typeof ref === 'string' ? { name: ref, options: {} } : { name: ref.name, options: ref.options };
}

function toRows(rows: Row[], spec: TaskFile): UnresolvedSample[] {
  return rows.map((row, index) => {
    const raw = getField(row.data, spec.id_field);
    const id = raw === undefined || raw === null || raw === '' ? `${index + 1}` : fieldText(raw);
    return { id, line: row.line, fields: row.data };
  });
}

/** Each row's answer (choices and gold, or references), read once; a bad label fails here, naming its file and line. */
function withAnswers(rows: UnresolvedSample[], spec: TaskFile, dataFile: string): Sample[] {
  return rows.map((r) => ({ ...r, answer: resolveAnswer(r, spec.answer, `${displayPath(dataFile)}${r.line ? `:${r.line}` : ''}`) }));
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
