import type { Comparison } from '../compare/types.js';
import { interval, markdownTable, pct, pValue, signedPts, verdictWords } from './format.js';

/** base 0-shot | base k-shot | tuned 0-shot, and the gain over the better base setting. */
export function fewShotMarkdown(c: Comparison): string {
  const fs = c.fewshot;
  if (!fs) return '';
  const best = fs.vsBest.heldOut ?? fs.vsBest.overall;
  const label = fs.vsBest.heldOut ? 'held-out tasks' : 'all tasks';
  const rows = c.tasks.filter((t) => t.primary).map((t) => {
    const k = fs.vsKShot.tasks.find((x) => x.task === t.task && x.metric === t.metric);
    const b = fs.vsBest.tasks.find((x) => x.task === t.task && x.metric === t.metric);
    return [t.task, t.heldOut ? 'held-out' : 'seen', t.metric, pct(t.baseline.value), pct(k?.baseline.value), pct(t.candidate.value),
      fs.bestBase[t.task] ?? '—', b ? signedPts(b.delta) : '—', b ? interval(b.ci, true) : '—', b ? pValue(b.pValue) : '—'];
  });
  return [
    `## Zero-shot ${c.candidate.name} vs ${fs.shots}-shot ${c.baseline.name}`,
    `Does the tuned model beat the base even when the base is shown ${fs.shots} worked examples? Against the better base setting per task, on ${label}: **${signedPts(best.delta)} pts ${interval(best.ci, true)} (p ${pValue(best.pValue)}), ${verdictWords(best.delta, best.ci)}**.`,
    markdownTable(['task', 'set', 'metric', `${c.baseline.name} 0-shot`, `${c.baseline.name} ${fs.shots}-shot`, `${c.candidate.name} 0-shot`, 'better base', 'Δ vs better base', '95% CI', 'p'], rows),
  ].join('\n\n');
}
