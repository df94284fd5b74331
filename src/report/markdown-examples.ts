import type { Comparison } from '../compare/types.js';
import type { SampleRecord } from '../runner/record.js';
import type { ReportContext } from './types.js';

const MAX_TEXT = 300;

/** A few items per task that flipped each way, with both answers, so a reader can see why. */
export async function flipExamplesMarkdown(ctx: ReportContext, c: Comparison): Promise<string> {
  const parts = ['## Items that flipped'];
  for (const t of c.tasks.filter((x) => x.primary && x.examples)) {
    const ex = t.examples!;
    if (ex.fixed.length + ex.broken.length === 0) continue;
    const base = await ctx.samples(c.baseline.name, t.task);
    const cand = await ctx.samples(c.candidate.name, t.task);
    parts.push(`### ${t.task} (${t.metric})`);
    for (const [kind, list] of [['fixed', ex.fixed], ['broken', ex.broken]] as const) {
      for (const e of list.slice(0, 2)) {
        const b = find(base, e.item, e.template);
        const k = find(cand, e.item, e.template);
        parts.push([
          `**${kind}** — item \`${e.item}\`, template \`${e.template}\``,
          '',
          `- reference: ${quote(b?.references.join(' | ') ?? k?.references.join(' | '))}`,
          `- ${c.baseline.name}: ${quote(answerOf(b))}`,
          `- ${c.candidate.name}: ${quote(answerOf(k))}`,
        ].join('\n'));
      }
    }
  }
  return parts.length > 1 ? parts.join('\n\n') : '';
}

function find(records: SampleRecord[], item: string, template: string): SampleRecord | undefined {
  return records.find((r) => r.item === item && r.template === template);
}

function answerOf(r: SampleRecord | undefined): string | undefined {
  if (!r) return undefined;
  if (r.logprobs && r.choices) {
    const best = r.logprobs.indexOf(Math.max(...r.logprobs));
    return `ranked "${r.choices[best]}"; generated "${r.answer ?? ''}"`;
  }
  return r.answer;
}

function quote(text: string | undefined): string {
  if (text === undefined) return '(not recorded)';
  const one = text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}…` : text;
  return '`' + one.replace(/`/g, "'").replace(/\n/g, '⏎') + '`';
}
