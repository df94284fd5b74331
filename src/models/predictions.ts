import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ModelError } from '../errors.js';
import { parsePredictions, type ParsedPredictions, type PredictionEntry } from './parse-predictions.js';
import type { GenerateRequest, GenerateResult, LoglikelihoodResult, Model, ModelInfo, RequestOrigin, RequestPrompt } from './types.js';

export { parsePredictions } from './parse-predictions.js';

/**
 * Answers made elsewhere, replayed through the same scoring. Reads heldout's JSONL
 * (`{"id", "prediction"}` or `{"id", "predictions": [...]}`, optionally with "task" and
 * "template"), HumanEval sample files (`{"task_id", "completion"}`, several lines per task
 * for n samples) and the official SQuAD prediction file (`{question_id: answer}`).
 * An item without a prediction answers '' with finish "missing"; the run checks coverage
 * before asking (see prediction-coverage.ts), so that only happens with --allow-missing.
 */
export class PredictionsModel implements Model {
  private constructor(readonly name: string, readonly info: ModelInfo, readonly parsed: ParsedPredictions) {}

  static async load(name: string, file: string): Promise<PredictionsModel> {
    const abs = path.resolve(file);
    let text: string;
    try {
      text = await readFile(abs, 'utf8');
    } catch (cause) {
      throw new ModelError(`cannot read predictions file ${abs}`, { file: abs, hint: 'pass predictions:PATH to an existing file', cause });
    }
    const parsed = parsePredictions(text, abs);
    const info: ModelInfo = {
      backend: 'predictions', source: abs, hasChatTemplate: true, canScore: false,
      fingerprint: `sha256:${createHash('sha256').update(text).digest('hex').slice(0, 32)}`,
    };
    return new PredictionsModel(name, info, parsed);
  }

  renderPrompt(prompt: RequestPrompt): string {
    return prompt.kind === 'text' ? prompt.text : prompt.messages.map((m) => `${m.role}: ${m.content}`).join('\n');
  }

  async generate(requests: GenerateRequest[]): Promise<GenerateResult[]> {
    return requests.map((r) => {
      const found = r.origin ? findPrediction(this.parsed, r.origin) : undefined;
      if (!found) return { texts: [''], finish: ['missing'], promptTokens: 0, truncatedTokens: 0 };
      const texts = found.texts.slice(0, Math.max(r.sampling.n, 1));
      return { texts, finish: texts.map(() => 'stop' as const), promptTokens: 0, truncatedTokens: 0 };
    });
  }

  async loglikelihood(): Promise<LoglikelihoodResult[]> {
    throw new ModelError(`${this.info.source} holds answers, not log-probabilities`, { hint: 'rank classification needs a model; generation metrics are scored from the file' });
  }

  async dispose(): Promise<void> {}
}

/** A prediction answers a request when its id is the item's and any task or template it names is the request's. */
export function matches(entry: PredictionEntry, origin: RequestOrigin): boolean {
  return (!entry.task || entry.task === origin.task) && (!entry.template || entry.template === origin.template);
}

/** The most specific prediction for a request: one naming its task and template beats one naming neither. */
export function findPrediction(parsed: ParsedPredictions, origin: RequestOrigin): PredictionEntry | undefined {
  const candidates = (parsed.entries.get(origin.item) ?? []).filter((e) => matches(e, origin));
  const rank = (e: PredictionEntry) => (e.task ? 2 : 0) + (e.template ? 1 : 0);
  return candidates.sort((a, b) => rank(b) - rank(a))[0];
}
