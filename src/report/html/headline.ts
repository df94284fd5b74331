/** The page's top: the held-out verdict in plain words, the gate's verdict, and what was compared. */
import type { AggregateComparison, Comparison } from '../../compare/types.js';
import type { RunResult } from '../../runner/result-types.js';
import { formatRuleValue, formatThreshold } from '../../gate/format.js';
import type { GateVerdictLike } from '../types.js';
import { direction } from './charts/verdict.js';
import { esc, interval, pct, pPhrase, pts } from './format.js';

/** "tiny-tuned is ahead of tiny-base on held-out tasks: +12.3 pts [6.1, 18.0], p = 0.001". */
export function verdictSentence(c: Comparison): string {
  const agg = c.heldOut ?? c.overall;
  const scope = c.heldOut ? 'held-out tasks' : 'all tasks';
  const dir = direction(agg.ci);
  const claim = dir === 'better' ? 'is ahead of' : dir === 'worse' ? 'is behind' : 'is not clearly different from';
  return `${c.candidate.name} ${claim} ${c.baseline.name} on ${scope}: ${pts(agg.delta)} pts ${interval(agg.ci)}, ${pPhrase(agg.pValue)}`;
}

function scopeLine(label: string, a: AggregateComparison | null, c: Comparison): string {
  if (!a) return '';
  const dir = direction(a.ci);
  return `<li><strong>${esc(label)}</strong> (${a.tasks} task${a.tasks === 1 ? '' : 's'}, macro average of primary metrics): `
    + `${esc(c.baseline.name)} ${esc(pct(a.baseline?.value))} → ${esc(c.candidate.name)} ${esc(pct(a.candidate?.value))}, `
    + `<span class="${dir}">Δ ${esc(pts(a.delta))} pts ${esc(interval(a.ci))}</span>, ${esc(pPhrase(a.pValue))}`
    + `${a.fixed !== undefined ? `, ${a.fixed} fixed / ${a.broken ?? 0} broken` : ''}</li>`;
}

/** The headline block of a comparison. */
export function headline(c: Comparison): string {
  const agg = c.heldOut ?? c.overall;
  const dir = direction(agg.ci);
  const note = (c.heldOut ? '' : '<p class="muted">No task is held out for the tuned model, so this is the gain over all tasks.</p>')
    + (c.pairing?.partial ? `<p class="partial"><strong>Partial comparison</strong>: ${esc(c.pairing.reasons.join('; '))}</p>` : '');
  return `<section class="headline headline-${dir}" id="headline">
<p class="eyebrow">${c.heldOut ? 'Held-out gain' : 'Gain over all tasks'}</p>
<p class="big"><span class="${dir}">${esc(pts(agg.delta))}</span> <span class="unit">pts</span> <span class="ci">${esc(interval(agg.ci))}</span></p>
<p class="verdict">${esc(verdictSentence(c))}</p>${note}
<ul class="scopes">${scopeLine('held-out', c.heldOut, c)}${scopeLine('seen', c.seen, c)}${scopeLine('all tasks', c.overall, c)}</ul>
</section>`;
}

/** The gate's verdict and each rule's outcome. */
export function gateSection(gate: GateVerdictLike): string {
  const rows = gate.rules.map((r) => `<tr class="${r.passed ? 'pass' : 'fail'}"><td>${r.passed ? '✓ pass' : '✗ fail'}</td>`
    + `<td>${esc(r.name)}</td><td>${esc(r.scope)}</td><td>${esc(r.metric)}</td>`
    + `<td class="num">${esc(formatRuleValue(r, r.measured))}</td><td class="num">${esc(formatThreshold(r))}</td><td>${esc(r.detail)}</td></tr>`);
  const failed = gate.rules.filter((r) => !r.passed).length;
  const summary = gate.passed ? `Gate passed: all ${gate.rules.length} rules hold.` : `Gate failed: ${failed} of ${gate.rules.length} rules broken.`;
  return `<section class="gate ${gate.passed ? 'pass' : 'fail'}" id="gate"><h2>${esc(summary)}</h2>
<div class="table-wrap"><table class="gate-rules"><thead><tr><th>outcome</th><th>rule</th><th>scope</th><th>metric</th><th>measured</th><th>threshold</th><th>detail</th></tr></thead>
<tbody>${rows.join('')}</tbody></table></div></section>`;
}

/** Which models were run, with their identities (fingerprints shortened). */
export function modelsSection(results: RunResult[], c?: Comparison): string {
  const role = (name: string) => (c?.baseline.name === name ? 'baseline' : c?.candidate.name === name ? 'candidate' : '');
  const rows = results.map((r) => {
    const m = r.model;
    return `<tr><td>${esc(m.name)}</td><td>${esc(role(m.name))}</td><td>${esc(m.source)}</td><td>${esc(m.backend)}</td>`
      + `<td>${esc(m.format)}${m.dtype ? ` · ${esc(m.dtype)}` : ''}</td><td><code title="${esc(m.fingerprint)}">${esc(m.fingerprint.slice(0, 12))}</code></td>`
      + `<td>${esc(m.trainedFamilies.join(', ') || '—')}</td></tr>`;
  });
  return `<div class="table-wrap"><table><thead><tr><th>model</th><th>role</th><th>source</th><th>backend</th><th>format</th><th>fingerprint</th><th>trained families</th></tr></thead>
<tbody>${rows.join('')}</tbody></table></div>`;
}
