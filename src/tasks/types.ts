import type { CodeSpec, TaskFile, TemplateSpec } from '../config/task-schema.js';

export type Category = TaskFile['category'];

/**
 * What a row says the right answer is, resolved once when the task loads (src/tasks/answers.ts
 * resolveAnswer): the label set and gold index of a choice item, the references of a generate item.
 */
export type ItemAnswer =
  | { type: 'choice'; choices: string[]; gold: number }
  | { type: 'generate'; references: string[] };

/** One evaluated item (or exemplar): a row of the task's data, with where it came from. */
export interface Sample {
  id: string;
  /** 1-based line in the data file (0 when unknown), for error messages. */
  line: number;
  fields: Record<string, unknown>;
  answer: ItemAnswer;
}

export interface MetricSpec {
  name: string;
  options: Record<string, unknown>;
}

/** A loaded task: its spec, its samples and the files they came from. */
export interface Task {
  id: string;
  category: Category;
  family: string;
  description: string;
  license: string;
  /** Absolute path of task.yaml. */
  file: string;
  dataFile: string;
  spec: TaskFile;
  templates: TemplateSpec[];
  samples: Sample[];
  exemplars: Sample[];
  metrics: MetricSpec[];
  code?: CodeSpec;
  /** Problems that did not stop loading (bytes that are not UTF-8), for the CLI to show. */
  warnings: string[];
}
