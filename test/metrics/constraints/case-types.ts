import type { Constraint } from '../../../src/config/constraint-schema.js';

/** [constraint as a task file writes it (defaults filled by the schema), answer, holds strictly?, why]. */
export type ConstraintCase = [constraint: Record<string, unknown> & { type: Constraint['type'] }, answer: string, holds: boolean, why: string];
