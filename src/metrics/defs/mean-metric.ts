/** Shared plumbing for metrics whose value is the mean of one number per item. */
import { InputError } from '../../errors.js';
import { declareColumnMean } from '../../stats/reducer.js';
import type { MetricDef, ScoreInput } from '../registry.js';

export interface MeanMetricSpec {
  name: string;
  binary: boolean;
  needs: MetricDef['needs'];
  usesReferences?: boolean;
  higherIsBetter?: boolean;
  value(input: ScoreInput, options: Record<string, unknown>): number;
}

export function meanOf(stats: number[][], name: string): number {
  if (stats.length === 0) throw new InputError(`metric ${name}: no items to reduce`);
  let sum = 0;
  for (const row of stats) sum += row[0] ?? 0;
  return sum / stats.length;
}

export function meanMetric(spec: MeanMetricSpec): MetricDef {
  return {
    name: spec.name,
    higherIsBetter: spec.higherIsBetter ?? true,
    binary: spec.binary,
    needs: spec.needs,
    ...(spec.usesReferences ? { usesReferences: true } : {}),
    itemStats: (input, options) => [spec.value(input, options)],
    reduce: declareColumnMean((stats) => meanOf(stats, spec.name), 0),
    itemValue: (stats) => stats[0] ?? 0,
  };
}

/** A boolean option with a default, rejecting values of the wrong type. */
export function boolOption(options: Record<string, unknown>, key: string, fallback: boolean): boolean {
  const value = options[key];
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw new InputError(`option ${key} must be true or false, got ${JSON.stringify(value)}`);
  return value;
}
