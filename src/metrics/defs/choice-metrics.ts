/** Registry entries for classification: acc, acc_norm, accuracy, format_rate, macro_f1. */
import { InputError } from '../../errors.js';
import { macroF1, matchLabel, rankChoice } from '../choice.js';
import type { MetricDef, ScoreInput } from '../registry.js';
import { meanMetric } from './mean-metric.js';

function rankInputs(input: ScoreInput, name: string): { logprobs: number[]; choices: string[]; gold: number } {
  const { choiceLogprobs, choices, gold } = input;
  if (!choiceLogprobs || !choices || gold === undefined) {
    throw new InputError(`metric ${name} needs choiceLogprobs, choices and gold for every item`, {
      hint: `${name} scores choice tasks by log-likelihood; use accuracy for generated answers.`,
    });
  }
  return { logprobs: choiceLogprobs, choices, gold };
}

/** Index of the gold label among `choices`, from `gold` or else the first reference. */
function goldIndex(input: ScoreInput, name: string): number {
  const choices = input.choices ?? [];
  const index = input.gold ?? matchLabel(input.references[0] ?? '', choices);
  if (index < 0 || index >= choices.length) throw new InputError(`metric ${name}: the gold answer is not one of the choices`);
  return index;
}

/**
 * Choice task: the generated answer names the gold label (trim, lowercase,
 * trailing punctuation dropped). Generate task: the trimmed answer equals a
 * trimmed reference exactly.
 */
function generatedCorrect(input: ScoreInput): number {
  if (input.choices && input.choices.length > 0) {
    return matchLabel(input.prediction, input.choices) === goldIndex(input, 'accuracy') ? 1 : 0;
  }
  const answer = input.prediction.trim();
  return input.references.some((ref) => ref.trim() === answer) ? 1 : 0;
}

const macroF1Metric: MetricDef = {
  name: 'macro_f1',
  higherIsBetter: true,
  binary: false,
  needs: 'generation',
  itemStats(input) {
    if (!input.choices || input.choices.length === 0) throw new InputError('metric macro_f1 needs the label set (choices)');
    return [matchLabel(input.prediction, input.choices), goldIndex(input, 'macro_f1')];
  },
  /*
   * Labels are those seen as gold or predicted. An answer that names no label
   * (-1) is a miss for its gold label but does not become a label of its own.
   */
  reduce(stats) {
    const preds = stats.map((row) => row[0] ?? -1);
    const golds = stats.map((row) => row[1] ?? -1);
    const labels = [...new Set([...golds, ...preds].filter((label) => label >= 0))].sort((a, b) => a - b);
    return macroF1(preds, golds, labels);
  },
  itemValue: (stats) => (stats[0] === stats[1] ? 1 : 0),
};

export const choiceMetrics: MetricDef[] = [
  meanMetric({
    name: 'acc', binary: true, needs: 'loglikelihood',
    value: (input) => { const r = rankInputs(input, 'acc'); return rankChoice(r.logprobs, r.choices).acc === r.gold ? 1 : 0; },
  }),
  meanMetric({
    name: 'acc_norm', binary: true, needs: 'loglikelihood',
    value: (input) => { const r = rankInputs(input, 'acc_norm'); return rankChoice(r.logprobs, r.choices).accNorm === r.gold ? 1 : 0; },
  }),
  meanMetric({ name: 'accuracy', binary: true, needs: 'generation', value: generatedCorrect }),
  meanMetric({
    name: 'format_rate', binary: true, needs: 'generation',
    value: (input) => {
      if (!input.choices || input.choices.length === 0) throw new InputError('metric format_rate needs the label set (choices)');
      return matchLabel(input.prediction, input.choices) >= 0 ? 1 : 0;
    },
  }),
  macroF1Metric,
];

