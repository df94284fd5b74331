import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { LineCounter, parseDocument, isMap, isSeq, type Node } from 'yaml';
import type { z } from 'zod';
import { ConfigError } from '../errors.js';
import { decodeUtf8 } from './decode-text.js';

/** A parsed YAML file that can answer "which line holds this key path?". */
export interface YamlSource {
  file: string;
  value: unknown;
  /** Things that did not stop the read (bytes that are not UTF-8). */
  warnings?: string[];
  lineOf(keyPath: readonly PropertyKey[]): number | undefined;
}

export async function readYaml(file: string): Promise<YamlSource> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (cause) {
    throw new ConfigError(`cannot read ${displayPath(file)}: ${(cause as Error).message}`, {
      file: displayPath(file),
      hint: 'check the path; relative paths are resolved from the current directory',
      cause,
    });
  }
  const { text, warning } = decodeUtf8(bytes, file);
  const src = parseYaml(text, file);
  if (warning) src.warnings = [warning];
  return src;
}

export function parseYaml(text: string, file: string): YamlSource {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const firstError = doc.errors[0];
  if (firstError) {
    const unclosed = /end with a [\]}]/.test(firstError.message) ? unclosedFlow(text, firstError.pos[0]) : undefined;
    const line = lineCounter.linePos(unclosed ?? firstError.pos[0]).line;
    const what = unclosed === undefined ? firstError.message.split('\n')[0] : `the ${text[unclosed]} opened here is never closed`;
    throw new ConfigError(`${located(file, line)} is not valid YAML: ${what}`, {
      file: displayPath(file),
      line,
      hint: unclosed === undefined ? YAML_HINTS[firstError.code] ?? 'fix the YAML syntax (indentation, quotes, colons) at that line'
        : `close it with ${text[unclosed] === '[' ? ']' : '}'} (or write the list one "- item" per line)`,
    });
  }
  const lineOf = (keyPath: readonly PropertyKey[]): number | undefined => {
    let node: unknown = doc.contents;
    let best: number | undefined = lineAt(node as Node | null, lineCounter);
    for (const key of keyPath) {
      if (isMap(node)) {
        const pair = node.items.find((p) => String((p.key as { value?: unknown })?.value ?? p.key) === String(key));
        if (!pair) break;
        best = lineAt(pair.key as Node, lineCounter) ?? best;
        node = pair.value;
      } else if (isSeq(node) && typeof key === 'number') {
        node = node.items[key];
        best = lineAt(node as Node, lineCounter) ?? best;
      } else break;
    }
    return best;
  };
  return { file, value: toValue(doc, file), lineOf };
}

const YAML_HINTS: Record<string, string> = {
  DUPLICATE_KEY: 'a key may appear once per mapping: remove or rename the second one',
  TAB_AS_INDENT: 'indent with spaces; YAML does not allow tabs for indentation',
  MISSING_CHAR: 'close the [ or { that opens on or before that line',
  MULTIPLE_DOCS: 'keep one YAML document per file (remove the --- separator)',
};

/** Offset of the last [ or { before `end` that is never closed (outside quotes and comments). */
function unclosedFlow(text: string, end: number): number | undefined {
  const open: number[] = [];
  let quote: string | null = null;
  for (let i = 0; i < Math.min(end, text.length); i++) {
    const c = text[i]!;
    if (quote) { if (c === quote && text[i - 1] !== '\\') quote = null; continue; }
    if (c === '"' || c === "'") quote = c;
    else if (c === '#' && /\s/.test(text[i - 1] ?? ' ')) i = text.indexOf('\n', i) < 0 ? text.length : text.indexOf('\n', i);
    else if (c === '[' || c === '{') open.push(i);
    else if ((c === ']' || c === '}') && open.length) open.pop();
  }
  return open.at(-1);
}

/** Aliases that expand without bound (an "alias bomb") are refused by the parser; say so plainly. */
function toValue(doc: ReturnType<typeof parseDocument>, file: string): unknown {
  try {
    return doc.toJS({ maxAliasCount: 100 });
  } catch (cause) {
    if (!/alias/i.test((cause as Error).message)) throw cause;
    throw new ConfigError(`${displayPath(file)} uses YAML aliases (*name) that expand into too many values`, {
      file: displayPath(file), cause,
      hint: 'write the values out instead of repeating anchors; heldout files need no aliases',
    });
  }
}

function lineAt(node: Node | null | undefined, counter: LineCounter): number | undefined {
  const offset = node?.range?.[0];
  return offset === undefined ? undefined : counter.linePos(offset).line;
}

/** Validate a YAML value with a zod schema; the first problem becomes a ConfigError at its line. */
export function validateYaml<S extends z.ZodType>(src: YamlSource, schema: S, what: string): z.infer<S> {
  const result = schema.safeParse(src.value ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const keyPath = issue.path.filter((k): k is string | number => typeof k !== 'symbol');
  if (issue.code === 'unrecognized_keys' && issue.keys[0]) keyPath.push(issue.keys[0]);
  const line = src.lineOf(keyPath);
  const key = keyPath.length ? keyPath.join('.') : '(top level)';
  throw new ConfigError(`${located(src.file, line)} ${key}: ${describeIssue(issue)}`, {
    file: displayPath(src.file),
    line,
    hint: what === 'task' ? 'fix that key; `heldout tasks schema` prints the task file\'s JSON Schema' : `fix that key; the README lists the ${what} file's keys`,
  });
}

function describeIssue(issue: z.core.$ZodIssue): string {
  // Values bounded by ±1 are fractions: `min_gain: 2` meant two points (0.02).
  if ((issue.code === 'too_big' && Number(issue.maximum) === 1) || (issue.code === 'too_small' && Number(issue.minimum) === -1)) {
    return `${issue.message}: this is a fraction, like every score (0.02 is two points, 0.7 is 70%)`;
  }
  const discriminator = issue.message.match(/^Invalid discriminator value\. Expected (.+)$/);
  if (discriminator) return `expected ${discriminator[1]!.split(' | ').map((v) => `"${v.replace(/^'|'$/g, '')}"`).join(' or ')}`;
  if (issue.code === 'invalid_union' && 'errors' in issue && issue.errors.length > 0) {
    return `${issue.message}; none of the allowed forms matched`;
  }
  if (issue.code === 'invalid_value' && 'values' in issue) {
    return `expected ${issue.values.map((v) => JSON.stringify(v)).join(' or ')}`;
  }
  if (issue.code === 'unrecognized_keys' && 'keys' in issue) {
    return `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')} (check the spelling)`;
  }
  return issue.message;
}

export function located(file: string, line: number | undefined): string {
  return line ? `${displayPath(file)}:${line}` : displayPath(file);
}

/** Paths in messages are relative to the working directory when inside it. */
export function displayPath(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
}
