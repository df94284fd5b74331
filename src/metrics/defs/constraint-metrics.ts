/**
 * Registry entries for verifiable output constraints, at IFEval's two levels:
 * prompt level (`constraint_strict`, `constraint_loose`: 1 when every
 * constraint of the item holds) and instruction level (`constraint_strict_inst`,
 * `constraint_loose_inst`: constraints followed over constraints asked, summed
 * over items).
 */
import { InputError } from '../../errors.js';
import { followedList, type ConstraintMode } from '../constraints/index.js';
import type { MetricDef, ScoreInput } from '../registry.js';
import { meanMetric } from './mean-metric.js';

function followedOf(input: ScoreInput, name: string, mode: ConstraintMode): boolean[] {
  if (!input.constraints || input.constraints.length === 0) {
    throw new InputError(`metric ${name} needs the item's output constraints`, {
      hint: 'declare them in the task file: answer.constraints: [...] or answer.constraints_field: <field>',
    });
  }
  return followedList(input.constraints, input.prediction, mode);
}

function promptLevel(mode: ConstraintMode): MetricDef {
  const name = `constraint_${mode}`;
  return meanMetric({ name, binary: true, needs: 'generation', value: (input) => (followedOf(input, name, mode).every(Boolean) ? 1 : 0) });
}

function instructionLevel(mode: ConstraintMode): MetricDef {
  const name = `constraint_${mode}_inst`;
  return {
    name, higherIsBetter: true, binary: false, needs: 'generation',
    itemStats(input) {
      const list = followedOf(input, name, mode);
      return [list.filter(Boolean).length, list.length];
    },
    reduce(stats) {
      if (stats.length === 0) throw new InputError(`metric ${name}: no items to reduce`);
      let followedCount = 0;
      let asked = 0;
      for (const row of stats) { followedCount += row[0] ?? 0; asked += row[1] ?? 0; }
      return asked === 0 ? Number.NaN : followedCount / asked;
    },
    itemValue: (stats) => ((stats[1] ?? 0) > 0 ? (stats[0] ?? 0) / stats[1]! : Number.NaN),
  };
}

export const CONSTRAINT_METRICS = ['constraint_strict', 'constraint_loose', 'constraint_strict_inst', 'constraint_loose_inst'] as const;

export const constraintMetrics: MetricDef[] = [promptLevel('strict'), promptLevel('loose'), instructionLevel('strict'), instructionLevel('loose')];
