import { describe, expect, it } from 'vitest';
import { squadExactMatch, squadF1 } from '../../src/metrics/index.js';
import { hasDataset, readJsonl } from './datasets.js';

interface Prediction { id: string; system: string; prediction: string; answers: string[]; exact_match: number; f1: number }
interface Question { id: string; answers: string[] }

const present = hasDataset('squad-v1.1-dev-500-predictions.jsonl') && hasDataset('squad-v1.1-dev-500.jsonl');

/** Official evaluate() aggregates (×100) on this 500-question subset, from SOURCES.md. */
const AGGREGATES: Record<string, [number, number]> = {
  bert_ensemble: [85.4, 91.25413270835001],
  logistic_regression_baseline: [37.0, 48.34501103324212],
  match_lstm_boundary_ensemble: [66.6, 75.764925401396],
  slqa_plus_ensemble: [83.8, 89.08555316029002],
  rnet_plus_ensemble: [84.0, 89.33956412009046],
};

describe.skipIf(!present)('SQuAD v1.1 leaderboard predictions', () => {
  const predictions = present ? readJsonl<Prediction>('squad-v1.1-dev-500-predictions.jsonl') : [];
  const golds = new Map(present ? readJsonl<Question>('squad-v1.1-dev-500.jsonl').map((q) => [q.id, q.answers]) : []);

  it('reproduces the official per-item exact match and F1 of all 2,500 rows', () => {
    expect(predictions).toHaveLength(2500);
    let mismatches = 0;
    for (const row of predictions) {
      const answers = golds.get(row.id);
      expect(answers, row.id).toEqual(row.answers);
      const em = squadExactMatch(row.prediction, answers!);
      const f1 = squadF1(row.prediction, answers!);
      if (Math.abs(em - row.exact_match) > 1e-9 || Math.abs(f1 - row.f1) > 1e-9) mismatches++;
    }
    expect(mismatches).toBe(0);
  });

  it('reproduces the official aggregates per system', () => {
    for (const [system, [em, f1]] of Object.entries(AGGREGATES)) {
      const rows = predictions.filter((row) => row.system === system);
      const meanEm = (100 * rows.reduce((sum, row) => sum + squadExactMatch(row.prediction, golds.get(row.id)!), 0)) / rows.length;
      const meanF1 = (100 * rows.reduce((sum, row) => sum + squadF1(row.prediction, golds.get(row.id)!), 0)) / rows.length;
      expect(meanEm, system).toBeCloseTo(em, 9);
      expect(meanF1, system).toBeCloseTo(f1, 9);
    }
  });
});
