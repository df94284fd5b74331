import { InputError } from '../errors.js';
import { quantileSorted } from './quantile.js';

export interface TemplateValue {
  id: string;
  value: number;
}

/** How much a task's score depends on the prompt template. */
export interface TemplateSpread {
  mean: number;
  median: number;
  q1: number;
  q3: number;
  iqr: number;
  min: number;
  max: number;
  best: TemplateValue;
  worst: TemplateValue;
  /** Templates that had a value (NaN values are left out). */
  count: number;
}

function pick(t: TemplateValue): TemplateValue {
  return { id: t.id, value: t.value };
}

/**
 * Spread of a metric across templates. Quantiles interpolate linearly (numpy's
 * default). Best is the highest value unless `higherIsBetter` is false; ties go
 * to the first template listed. Templates with a NaN value (no items) are left out.
 */
export function templateSpread(values: TemplateValue[], opts: { higherIsBetter?: boolean } = {}): TemplateSpread {
  const scored = values.filter((t) => !Number.isNaN(t.value));
  const first = scored[0];
  if (first === undefined) throw new InputError('template spread needs at least one template with a value');
  let high = first;
  let low = first;
  let sum = 0;
  for (const t of scored) {
    sum += t.value;
    if (t.value > high.value) high = t;
    if (t.value < low.value) low = t;
  }
  const sorted = Float64Array.from(scored, (t) => t.value).sort();
  const q1 = quantileSorted(sorted, 0.25);
  const q3 = quantileSorted(sorted, 0.75);
  const higherIsBetter = opts.higherIsBetter ?? true;
  return {
    mean: sum / scored.length,
    median: quantileSorted(sorted, 0.5),
    q1,
    q3,
    iqr: q3 - q1,
    min: low.value,
    max: high.value,
    best: pick(higherIsBetter ? high : low),
    worst: pick(higherIsBetter ? low : high),
    count: scored.length,
  };
}
