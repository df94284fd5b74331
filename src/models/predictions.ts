import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { DataError, ModelError } from '../errors.js';
import type { GenerateRequest, GenerateResult, LoglikelihoodResult, Model, ModelInfo, RequestOrigin, RequestPrompt } from './types.js';

interface Answer { texts: string[]; task?: string; template?: string }

/**
 * Answers made elsewhere, replayed through the same scoring. Reads heldout's JSONL
 * (`{"id", "prediction"}` or `{"id", "predictions": [...]}`, optionally with "task" and
 * "template"), HumanEval sample files (`{"task_id", "completion"}`, several lines per task
 * for n samples) and the official SQuAD prediction file (`{question_id: answer}`).
 */
export class PredictionsModel implements Model {
  private constructor(readonly name: string, readonly info: ModelInfo, private readonly answers: Map<string, Answer[]>) {}

  static async load(name: string, file: string): Promise<PredictionsModel> {
    const abs = path.resolve(file);
    let text: string;
    try {
      text = await readFile(abs, 'utf8');
    } catch (cause) {
      throw new ModelError(`cannot read predictions file ${abs}`, { file: abs, hint: 'pass predictions:PATH to an existing file', cause });
    }
    const answers = parsePredictions(text, abs);
    const info: ModelInfo = {
      backend: 'predictions', source: abs, hasChatTemplate: true, canScore: false,
      fingerprint: `sha256:${createHash('sha256').update(text).digest('hex').slice(0, 32)}`,
    };
    return new PredictionsModel(name, info, answers);
  }

  renderPrompt(prompt: RequestPrompt): string {
    return prompt.kind === 'text' ? prompt.text : prompt.messages.map((m) => `${m.role}: ${m.content}`).join('\n');
  }

  async generate(requests: GenerateRequest[]): Promise<GenerateResult[]> {
    return requests.map((r) => {
      const texts = this.lookup(r.origin).slice(0, Math.max(r.sampling.n, 1));
      return { texts, finish: texts.map(() => 'stop' as const), promptTokens: 0, truncatedTokens: 0 };
    });
  }

  async loglikelihood(): Promise<LoglikelihoodResult[]> {
    throw new ModelError(`${this.info.source} holds answers, not log-probabilities`, { hint: 'rank classification needs a model; generation metrics are scored from the file' });
  }

  private lookup(origin: RequestOrigin | undefined): string[] {
    const list = origin ? this.answers.get(origin.item) : undefined;
    if (!origin || !list) return [''];
    const pick = list.find((a) => (!a.task || a.task === origin.task) && (!a.template || a.template === origin.template))
      ?? list.find((a) => !a.task || a.task === origin.task);
    return pick?.texts ?? [''];
  }

  async dispose(): Promise<void> {}
}

export function parsePredictions(text: string, file: string): Map<string, Answer[]> {
  const trimmed = text.trim();
  const answers = new Map<string, Answer[]>();
  const add = (id: string, texts: string[], task?: string, template?: string) => {
    const list = answers.get(id) ?? [];
    const same = list.find((a) => a.task === task && a.template === template);
    if (same) same.texts.push(...texts);
    else list.push({ texts, task, template });
    answers.set(id, list);
  };
  if (trimmed.startsWith('{') && !trimmed.includes('\n{')) {
    const obj = parseJson(trimmed, file, 1) as Record<string, unknown>;
    for (const [id, v] of Object.entries(obj)) add(id, [String(v)]);
    return answers;
  }
  trimmed.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    const row = parseJson(line, file, i + 1) as Record<string, unknown>;
    const id = row['id'] ?? row['task_id'] ?? row['question_id'];
    const texts = Array.isArray(row['predictions']) ? row['predictions'].map(String)
      : row['prediction'] !== undefined ? [String(row['prediction'])]
        : row['completion'] !== undefined ? [String(row['completion'])] : undefined;
    if (id === undefined || !texts) {
      throw new DataError(`${file}:${i + 1} a prediction needs an id ("id", "task_id") and "prediction", "predictions" or "completion"`, {
        file, line: i + 1, hint: 'write {"id": ..., "prediction": ...} per line',
      });
    }
    add(String(id), texts, row['task'] as string | undefined, row['template'] as string | undefined);
  });
  return answers;
}

function parseJson(text: string, file: string, line: number): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new DataError(`${file}:${line} is not valid JSON`, { file, line, hint: 'one JSON object per line (or one JSON object mapping ids to answers)' });
  }
}
