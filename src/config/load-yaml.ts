import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { LineCounter, parseDocument, isMap, isSeq, type Node } from 'yaml';
import type { z } from 'zod';
import { ConfigError } from '../errors.js';

/** A parsed YAML file that can answer "which line holds this key path?". */
export interface YamlSource {
  file: string;
  value: unknown;
  lineOf(keyPath: readonly PropertyKey[]): number | undefined;
}

export async function readYaml(file: string): Promise<YamlSource> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    throw new ConfigError(`cannot read ${displayPath(file)}: ${(cause as Error).message}`, {
      file: displayPath(file),
      hint: 'check the path; relative paths are resolved from the current directory',
      cause,
    });
  }
  return parseYaml(text, file);
}

export function parseYaml(text: string, file: string): YamlSource {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const firstError = doc.errors[0];
  if (firstError) {
    const line = firstError.linePos?.[0]?.line;
    throw new ConfigError(`${located(file, line)} is not valid YAML: ${firstError.message.split('\n')[0]}`, {
      file: displayPath(file),
      line,
      hint: 'fix the YAML syntax (indentation, quotes, colons) at that line',
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
  return { file, value: doc.toJS(), lineOf };
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
