/** What a run measured of output stability: each item answered K times with seeded sampling. */
export interface TaskStability {
  /** K answers per item, sampled at this temperature. */
  samples: number;
  temperature: number;
  /** The template the K answers were asked under (the task's first). */
  template: string;
  /** The metric each answer was scored with (the task's first generation metric), or null when none is. */
  metric: string | null;
  /** Item ids, in data order; the arrays below align with them. */
  items: string[];
  /** Per item: the share of its K answers equal to the most common one (after normalizing case and spaces). */
  agreement: number[];
  /** Per item: the variance of its K scores (null when the task's answers are not scored per answer). */
  variance: (number | null)[];
}
