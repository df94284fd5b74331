import { writeFileAtomic } from '../io/atomic-write.js';
import path from 'node:path';
import type { ReportWriter } from './types.js';

/** comparison.json: the DESIGN.md contract (version 1). */
export const jsonWriter: ReportWriter = {
  name: 'json',
  async write(ctx) {
    if (!ctx.comparison) return [];
    const file = path.join(ctx.outDir, 'comparison.json');
    await writeFileAtomic(file, JSON.stringify(ctx.comparison, null, 2) + '\n');
    return [file];
  },
};
