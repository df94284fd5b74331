/** Per-item diffs: for each task, the items that flipped, with both models' answers side by side. */
import type { SampleRecord } from '../../runner/record.js';
import type { FlipDetail, TaskFlips } from './data.js';
import { esc, isNum } from './format.js';

/** The choice the model ranked highest, for rank-classification records. */
function rankedChoice(r: SampleRecord): string | undefined {
  if (!r.choices || !r.logprobs || r.logprobs.length === 0) return undefined;
  let best = 0;
  r.logprobs.forEach((lp, i) => { if (lp > (r.logprobs![best] ?? -Infinity)) best = i; });
  return r.choices[best];
}

function scores(r: SampleRecord, metric: string): string {
  const entries = Object.entries(r.scores).sort(([a], [b]) => Number(b === metric) - Number(a === metric));
  return entries.map(([k, v]) => `<span class="score${k === metric ? ' key' : ''}${v === 1 ? ' ok' : v === 0 ? ' bad' : ''}">${esc(k)} ${isNum(v) ? esc(String(Number(v.toFixed(4)))) : '—'}</span>`).join(' ');
}

function answerBlock(label: string, r: SampleRecord | undefined, metric: string): string {
  if (!r) return `<div class="answer"><h5>${esc(label)}</h5><p class="muted">no sample record</p></div>`;
  const ranked = rankedChoice(r);
  const answer = r.answer === undefined ? '' : `<pre class="text">${esc(r.answer) || '<span class="muted">(empty)</span>'}</pre>`;
  const rank = ranked === undefined ? '' : `<p>ranked choice: <code>${esc(ranked)}</code></p>`;
  const code = r.code?.[0] ? `<p>code: ${esc(r.code[0].status)}</p>${r.code[0].stderrTail ? `<pre class="text small">${esc(r.code[0].stderrTail)}</pre>` : ''}` : '';
  return `<div class="answer"><h5>${esc(label)}</h5>${answer}${rank}${code}<p class="scores">${scores(r, metric)}</p></div>`;
}

function flipItem(f: FlipDetail, metric: string, names: { baseline: string; candidate: string }): string {
  const rec = f.candidate ?? f.baseline;
  const refs = rec?.references ?? [];
  const prompt = rec ? `<pre class="text prompt">${esc(rec.prompt)}</pre>` : '<p class="muted">The sample records for this item were not found.</p>';
  const ref = refs.length ? `<p>reference${refs.length > 1 ? 's' : ''}: ${refs.map((x) => `<code>${esc(x)}</code>`).join(' · ')}</p>` : '';
  return `<details class="flip ${f.kind}"><summary><span class="kind ${f.kind}">${f.kind}</span> item <code>${esc(f.item)}</code> · template <code>${esc(f.template)}</code></summary>
<div class="flip-body"><h5>prompt</h5>${prompt}${ref}
<div class="answers">${answerBlock(`base: ${names.baseline}`, f.baseline, metric)}${answerBlock(`tuned: ${names.candidate}`, f.candidate, metric)}</div></div></details>`;
}

/** One collapsible block per task and 0/1 metric with flipped items. */
export function diffView(flips: TaskFlips[], names: { baseline: string; candidate: string }): string {
  if (flips.length === 0) return '<p class="muted">No items flipped between the two models (or no 0/1 metric was compared).</p>';
  return flips.map((t) => {
    const shown = t.items.length;
    return `<details class="task-flips" data-task="${esc(t.task)}"><summary><strong>${esc(t.task)}</strong> · ${esc(t.metric)}${t.primary ? ' <span class="tag">primary</span>' : ''}: `
      + `<span class="better">${t.fixed} fixed</span>, <span class="worse">${t.broken} broken</span> <span class="muted">(${shown} shown)</span></summary>
${t.items.map((f) => flipItem(f, t.metric, names)).join('\n')}</details>`;
  }).join('\n');
}
