/** The `html` report writer: one self-contained `report.html` with inline SVG charts. */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ReportWriter } from '../types.js';
import { collectHtmlData } from './data.js';
import { renderHtml } from './render.js';

export const htmlWriter: ReportWriter = {
  name: 'html',
  async write(ctx) {
    const html = renderHtml(await collectHtmlData(ctx));
    await mkdir(ctx.outDir, { recursive: true });
    const path = join(ctx.outDir, 'report.html');
    await writeFile(path, html, 'utf8');
    return [path];
  },
};

export { collectHtmlData, renderHtml };
export type { FlipDetail, HtmlReportData, TaskFlips } from './data.js';
