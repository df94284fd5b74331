/**
 * The part of GitHub Actions' expression language that heldout's action.yml and README workflows use:
 * context paths (inputs.x, steps.id.outputs.x, github.x, runner.x, matrix.x, env.X, secrets.X),
 * string and number literals, == != && || ! and parentheses, always() success() failure().
 */

export type Context = Record<string, unknown>;

export interface Status { failed: boolean }

type Token = { kind: 'str' | 'num' | 'ident' | 'op'; text: string };

function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (/\s/.test(c)) { i++; continue; }
    if (c === "'") {
      let j = i + 1;
      let text = '';
      while (j < src.length) {
        if (src[j] === "'" && src[j + 1] === "'") { text += "'"; j += 2; continue; }
        if (src[j] === "'") break;
        text += src[j++];
      }
      tokens.push({ kind: 'str', text });
      i = j + 1;
      continue;
    }
    const op = ['==', '!=', '&&', '||'].find((o) => src.startsWith(o, i)) ?? (['!', '(', ')'].includes(c) ? c : undefined);
    if (op) { tokens.push({ kind: 'op', text: op }); i += op.length; continue; }
    const m = src.slice(i).match(/^[0-9]+(\.[0-9]+)?/) ?? src.slice(i).match(/^[A-Za-z_][A-Za-z0-9_.-]*(\(\))?/);
    if (!m) throw new Error(`cannot read expression at "${src.slice(i)}"`);
    tokens.push({ kind: /^[0-9]/.test(m[0]) ? 'num' : 'ident', text: m[0] });
    i += m[0].length;
  }
  return tokens;
}

function lookup(ctx: Context, path: string): unknown {
  let v: unknown = ctx;
  for (const part of path.split('.')) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[part] : undefined;
  return v;
}

function truthy(v: unknown): boolean {
  return v !== '' && v !== 0 && v !== false && v !== null && v !== undefined;
}

/** Evaluate one expression (the text between `${{` and `}}`). */
export function evaluate(src: string, ctx: Context, status: Status = { failed: false }): unknown {
  const tokens = tokenize(src);
  let pos = 0;
  const peek = () => tokens[pos];
  const primary = (): unknown => {
    const t = tokens[pos++];
    if (!t) throw new Error(`expression ends early: ${src}`);
    if (t.kind === 'str') return t.text;
    if (t.kind === 'num') return Number(t.text);
    if (t.kind === 'op' && t.text === '!') return !truthy(primary());
    if (t.kind === 'op' && t.text === '(') { const v = or(); pos++; return v; }
    if (t.text === 'always()') return true;
    if (t.text === 'success()') return !status.failed;
    if (t.text === 'failure()') return status.failed;
    if (t.text === 'true' || t.text === 'false') return t.text === 'true';
    return lookup(ctx, t.text);
  };
  const eq = (): unknown => {
    let left = primary();
    while (peek()?.text === '==' || peek()?.text === '!=') {
      const op = tokens[pos++]!.text;
      const right = primary();
      const same = String(left ?? '') === String(right ?? '');
      left = op === '==' ? same : !same;
    }
    return left;
  };
  const and = (): unknown => { let v = eq(); while (peek()?.text === '&&') { pos++; const r = eq(); v = truthy(v) ? r : v; } return v; };
  const or = (): unknown => { let v = and(); while (peek()?.text === '||') { pos++; const r = and(); v = truthy(v) ? v : r; } return v; };
  const value = or();
  if (pos !== tokens.length) throw new Error(`cannot read the end of expression: ${src}`);
  return value;
}

/** Replace every `${{ … }}` in a string. */
export function interpolate(text: string, ctx: Context, status?: Status): string {
  return text.replace(/\$\{\{(.*?)\}\}/g, (_, expr: string) => {
    const v = evaluate(expr, ctx, status);
    return v === undefined || v === null ? '' : String(v);
  });
}

/** An `if:` condition: with or without `${{ }}`, and success() when absent. */
export function condition(text: unknown, ctx: Context, status: Status): boolean {
  if (text === undefined) return !status.failed;
  const src = String(text).trim().replace(/^\$\{\{(.*)\}\}$/s, '$1');
  const usesStatus = /\b(always|success|failure)\(\)/.test(src);
  const v = truthy(evaluate(src, ctx, status));
  return usesStatus ? v : v && !status.failed;
}
