import { mkdtemp, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { junitWriter, renderJunit } from '../../src/report/junit.js';
import type { GateVerdictLike } from '../../src/report/types.js';
import { reportContext } from './html-fixture.js';

interface XmlElement { name: string; attrs: Record<string, string>; children: XmlElement[]; text: string }

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const decode = (s: string) => s.replace(/&(#\d+|amp|lt|gt|quot|apos);/g, (_, e: string) => (e.startsWith('#') ? String.fromCharCode(Number(e.slice(1))) : ENTITIES[e]!));

/** A strict little XML reader: throws on unbalanced tags, bare `&` or `<`, unquoted attributes, forbidden characters. */
function parseXml(xml: string): XmlElement {
  if (/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/.test(xml)) throw new Error('forbidden control character');
  const body = xml.replace(/^<\?xml [^?]*\?>\n/, '');
  const root: XmlElement = { name: '#root', attrs: {}, children: [], text: '' };
  const stack = [root];
  const token = /<(\/?)([A-Za-z][\w.-]*)((?:\s+[\w.-]+="[^"<]*")*)\s*(\/?)>|([^<]+)/gy;
  let m: RegExpExecArray | null;
  let at = 0;
  while ((m = token.exec(body))) {
    at = token.lastIndex;
    const top = stack[stack.length - 1]!;
    if (m[5] !== undefined) {
      if (/&(?!(#\d+|amp|lt|gt|quot|apos);)/.test(m[5])) throw new Error(`bare & in ${m[5]}`);
      top.text += decode(m[5]);
      continue;
    }
    if (m[1]) {
      if (top.name !== m[2]) throw new Error(`</${m[2]}> closes <${top.name}>`);
      stack.pop();
      continue;
    }
    const attrs: Record<string, string> = {};
    for (const a of m[3]!.matchAll(/([\w.-]+)="([^"]*)"/g)) {
      if (/&(?!(#\d+|amp|lt|gt|quot|apos);)/.test(a[2]!)) throw new Error(`bare & in attribute ${a[1]}`);
      attrs[a[1]!] = decode(a[2]!);
    }
    const el: XmlElement = { name: m[2]!, attrs, children: [], text: '' };
    top.children.push(el);
    if (!m[4]) stack.push(el);
  }
  if (at !== body.length) throw new Error(`cannot read XML at ${body.slice(at, at + 40)}`);
  if (stack.length !== 1) throw new Error(`<${stack[stack.length - 1]!.name}> is never closed`);
  const [doc] = root.children;
  if (!doc || root.children.length !== 1) throw new Error('expected one root element');
  return doc;
}

const HOSTILE = 'rule <script>&"quotes" \'single\'\nline two\u0001 🚀 \uD800';

function verdict(): GateVerdictLike & { rules: { kind?: string; op?: string }[] } {
  return { passed: false, rules: [
    { name: 'ahead on held-out', scope: 'held-out', metric: 'primary', measured: 0.12, threshold: 0, passed: true, detail: 'gain +15.0 pts', kind: 'min_gain', op: '>=' },
    { name: HOSTILE, scope: 'task:a&b', metric: 'acc', measured: 0.08, threshold: 0.05, passed: false, detail: `broken </failure> ${HOSTILE}`, kind: 'max_broken_share', op: '<=' },
    { name: 'score', scope: 'overall', metric: 'primary', measured: null, threshold: 0.7, passed: false, detail: 'no interval' },
  ] };
}

describe('junit writer', () => {
  it('writes one testcase per rule and a failure for each failed rule, escaped so it parses back', () => {
    const doc = parseXml(renderJunit(verdict(), { suite: 'smoke & more' }));
    expect(doc.name).toBe('testsuites');
    expect(doc.attrs).toMatchObject({ name: 'heldout gate: smoke & more', tests: '3', failures: '2', errors: '0' });
    const suite = doc.children[0]!;
    expect(suite.name).toBe('testsuite');
    expect(suite.attrs).toMatchObject({ tests: '3', failures: '2' });
    const cases = suite.children;
    expect(cases.map((c) => c.name)).toEqual(['testcase', 'testcase', 'testcase']);
    expect(cases[0]!.attrs).toMatchObject({ name: 'ahead on held-out', classname: 'heldout.gate.held-out' });
    expect(cases[0]!.children.map((c) => c.name)).toEqual(['system-out']);
    const hostile = cases[1]!;
    expect(hostile.attrs.name).toBe('rule <script>&"quotes" \'single\'\nline two\uFFFD 🚀 \uFFFD');
    expect(hostile.attrs.classname).toBe('heldout.gate.task:a&b');
    const failure = hostile.children[0]!;
    expect(failure.name).toBe('failure');
    expect(failure.attrs.type).toBe('heldout.gate');
    expect(failure.attrs.message).toMatch(/^rule <script>.*\(task:a&b, acc\): measured 8\.0%, needs ≤ 5\.0%: broken <\/failure> rule/s);
    expect(failure.text).toContain('broken </failure> rule <script>');
    expect(cases[2]!.children[0]!.attrs.message).toBe('score (overall, primary): measured —, needs ≥ 70.0%: no interval');
  });

  it('writes junit.xml from the report context only when a gate ran', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'heldout-junit-'));
    expect(await junitWriter.write(reportContext(dir))).toEqual([]);
    const written = await junitWriter.write(reportContext(dir, { gate: true }));
    expect(written).toEqual([path.join(dir, 'junit.xml')]);
    const doc = parseXml(await readFile(written[0]!, 'utf8'));
    expect(doc.attrs).toMatchObject({ name: 'heldout gate: heldout-test', tests: '2', failures: '1' });
    expect(junitWriter.name).toBe('junit');
  });

  it('the checker itself rejects broken XML', () => {
    expect(() => parseXml('<a><b></a>')).toThrow();
    expect(() => parseXml('<a>x & y</a>')).toThrow();
    expect(() => parseXml('<a n="1" m=2></a>')).toThrow();
  });
});
