import { describe, expect, it } from 'vitest';
import { getMetric, passAtK, rouge, squadExactMatch, squadF1 } from '../../src/metrics/index.js';
import { hasDataset, readJsonl } from './datasets.js';

interface Vector {
  id: string;
  metric: string;
  prediction: string | null;
  references: string[];
  expected: number;
  options: Record<string, unknown>;
  detail?: { precision?: number; recall?: number; per_problem?: number[] };
}

const FILE = 'metric-vectors.jsonl';
const present = hasDataset(FILE);
const TOLERANCE = 1e-9;

function passAtKVector(row: Vector): number {
  const { n, c, k } = row.options as { n: number | number[]; c: number | number[]; k: number };
  if (!Array.isArray(n) || !Array.isArray(c)) return passAtK(n as number, c as number, k);
  // The registry's pass@k reduces [n, c] item stats to the mean over problems.
  return getMetric(`pass@${k}`).reduce(n.map((ni, i) => [ni, c[i]!]), {});
}

function computed(row: Vector): number {
  const prediction = row.prediction ?? '';
  switch (row.metric) {
    case 'squad_em': return squadExactMatch(prediction, row.references);
    case 'squad_f1': return squadF1(prediction, row.references);
    case 'pass_at_k': return passAtKVector(row);
    default: {
      const useStemmer = row.options.use_stemmer === true;
      return rouge(prediction, row.references, { types: [row.metric as 'rouge1'], useStemmer })[row.metric]!.fmeasure;
    }
  }
}

describe.skipIf(!present)('metric-vectors.jsonl (reference implementations)', () => {
  const rows = present ? readJsonl<Vector>(FILE) : [];

  it('holds every metric family the issue names', () => {
    expect(rows).toHaveLength(224);
    expect(new Set(rows.map((r) => r.metric))).toEqual(
      new Set(['squad_em', 'squad_f1', 'rouge1', 'rouge2', 'rougeL', 'rougeLsum', 'pass_at_k']),
    );
  });

  it.each(rows.map((row) => [row.id, row] as const))('%s', (_id, row) => {
    expect(Math.abs(computed(row) - row.expected)).toBeLessThanOrEqual(TOLERANCE);
  });

  it('agrees on ROUGE precision and recall too', () => {
    for (const row of rows.filter((r) => r.metric.startsWith('rouge'))) {
      const score = rouge(row.prediction ?? '', row.references, { types: [row.metric as 'rouge1'], useStemmer: row.options.use_stemmer === true })[row.metric]!;
      expect(Math.abs(score.precision - row.detail!.precision!), row.id).toBeLessThanOrEqual(TOLERANCE);
      expect(Math.abs(score.recall - row.detail!.recall!), row.id).toBeLessThanOrEqual(TOLERANCE);
    }
  });

  it('gives the same values through the registry', () => {
    for (const row of rows.filter((r) => r.metric !== 'pass_at_k')) {
      const options = row.metric.startsWith('rouge') ? { use_stemmer: row.options.use_stemmer } : {};
      const def = getMetric(row.metric);
      const stats = def.itemStats({ prediction: row.prediction ?? '', references: row.references }, options);
      expect(Math.abs(def.reduce([stats], options) - row.expected), row.id).toBeLessThanOrEqual(TOLERANCE);
    }
  });
});
