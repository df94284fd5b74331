import pc from 'picocolors';
import type { GateVerdictLike } from '../report/types.js';
import { formatRuleValue, formatThreshold } from './format.js';

type Colors = Pick<typeof pc, 'bold' | 'green' | 'red'>;

/** The verdict as a terminal table plus a closing line; `colors` defaults to picocolors (honours NO_COLOR). */
export function renderGateTable(verdict: GateVerdictLike, colors: Colors = pc): string {
  const header = ['rule', 'scope', 'metric', 'measured', 'threshold', 'result', 'detail'];
  const rows = verdict.rules.map((r) => [
    r.name, r.scope, r.metric, formatRuleValue(r, r.measured), formatThreshold(r), r.passed ? 'pass' : 'FAIL', r.detail,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const numeric = new Set([3, 4]);
  const line = (cells: string[]) => cells
    .map((cell, i) => (i === cells.length - 1 ? cell : numeric.has(i) ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)))
    .join('  ');
  const body = rows.map((row, k) => {
    const text = line(row);
    return verdict.rules[k]!.passed ? text : colors.red(text);
  });
  const partial = (verdict as { partial?: string[] }).partial;
  const note = partial?.length ? [`judged on a partial comparison (--allow-partial): ${partial.join('; ')}`] : [];
  return [colors.bold(line(header)), ...body, '', ...note, summaryLine(verdict, colors)].join('\n');
}

export function summaryLine(verdict: GateVerdictLike, colors: Colors = pc): string {
  const failed = verdict.rules.filter((r) => !r.passed).length;
  const total = verdict.rules.length;
  return verdict.passed
    ? colors.green(`gate passed: ${total} of ${total} rule${total === 1 ? '' : 's'} held`)
    : colors.red(`gate FAILED: ${failed} of ${total} rule${total === 1 ? '' : 's'} failed`);
}
