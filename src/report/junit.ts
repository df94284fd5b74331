import path from 'node:path';
import { failureMessage, formatRuleValue, formatThreshold } from '../gate/format.js';
import { writeFileAtomic } from '../io/atomic-write.js';
import type { GateVerdictLike, ReportWriter } from './types.js';

/** junit.xml: one test case per gate rule, a failure for each rule that failed. Nothing without a gate. */
export const junitWriter: ReportWriter = {
  name: 'junit',
  async write(ctx) {
    if (!ctx.gate) return [];
    const file = path.join(ctx.outDir, 'junit.xml');
    const suite = ctx.comparison?.benchmark ?? ctx.results[0]?.benchmark;
    await writeFileAtomic(file, renderJunit(ctx.gate, { suite }));
    return [file];
  },
};

export function renderJunit(gate: GateVerdictLike, opts: { suite?: string } = {}): string {
  const failures = gate.rules.filter((r) => !r.passed).length;
  const name = opts.suite ? `heldout gate: ${opts.suite}` : 'heldout gate';
  const counts = `tests="${gate.rules.length}" failures="${failures}" errors="0" skipped="0" time="0"`;
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${xmlAttr(name)}" ${counts}>`,
    `  <testsuite name="${xmlAttr(name)}" ${counts}>`,
    ...gate.rules.flatMap(testCase),
    '  </testsuite>',
    '</testsuites>',
  ];
  return lines.join('\n') + '\n';
}

function testCase(rule: GateVerdictLike['rules'][number]): string[] {
  const open = `    <testcase classname="${xmlAttr(`heldout.gate.${rule.scope}`)}" name="${xmlAttr(rule.name)}" time="0">`;
  const summary = `${rule.scope} ${rule.metric}: measured ${formatRuleValue(rule, rule.measured)}, needs ${formatThreshold(rule)}; ${rule.detail}`;
  if (rule.passed) return [open, `      <system-out>${xmlText(summary)}</system-out>`, '    </testcase>'];
  return [
    open,
    `      <failure message="${xmlAttr(failureMessage(rule))}" type="heldout.gate">${xmlText(summary)}</failure>`,
    '    </testcase>',
  ];
}

/** Characters XML 1.0 forbids anywhere, even escaped (control characters, lone surrogates). */
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function xmlText(s: string): string {
  return s.replace(INVALID_XML, '\uFFFD').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function xmlAttr(s: string): string {
  return xmlText(s).replace(/"/g, '&quot;').replace(/'/g, '&apos;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}
