import { writeFileAtomic } from '../io/atomic-write.js';
import path from 'node:path';
import { gateJsonWriter } from './gate-json.js';
import type { ReportWriter } from './types.js';

/** comparison.json: the DESIGN.md contract (version 1); and gate.json when a gate ran. */
export const jsonWriter: ReportWriter = {
  name: 'json',
  async write(ctx) {
    const gate = await gateJsonWriter.write(ctx);
    if (!ctx.comparison) return gate;
    const file = path.join(ctx.outDir, 'comparison.json');
    await writeFileAtomic(file, JSON.stringify(ctx.comparison, null, 2) + '\n');
    return [file, ...gate];
  },
};
