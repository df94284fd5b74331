/** The `html` report writer: one self-contained `report.html` with inline SVG charts. */
import { join } from 'node:path';
import { writeFileAtomic } from '../../io/atomic-write.js';
import type { ReportWriter } from '../types.js';
import { collectHtmlData } from './data.js';
import { renderHtml } from './render.js';

export const htmlWriter: ReportWriter = {
  name: 'html',
  async write(ctx) {
    const html = renderHtml(await collectHtmlData(ctx));
    const path = join(ctx.outDir, 'report.html');
    await writeFileAtomic(path, html);
    return [path];
  },
};

export { collectHtmlData, renderHtml };
export type { FlipDetail, HtmlReportData, TaskFlips } from './data.js';
