import { DataError } from '../errors.js';

const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_.-]+)\s*\}\}/g;

/** The field names a template refers to. */
export function templateFields(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((m) => m[1]!);
}

/**
 * Why a template's placeholders are malformed, or undefined when they are fine: every "{{" must
 * open a `{{field}}` that closes, and `{field}}` / `{{field}` are typos the model would see as text.
 */
export function placeholderProblem(template: string): string | undefined {
  for (const m of template.matchAll(/\{\{/g)) {
    const at = m.index!;
    if (template[at - 1] === '{') continue;
    const rest = template.slice(at);
    if (/^\{\{\s*[A-Za-z0-9_.-]+\s*\}\}/.test(rest)) continue;
    const close = rest.indexOf('}');
    const shown = rest.slice(0, close >= 0 && close < 40 ? close + 1 : 20).replace(/\n/g, '\\n');
    return `"${shown}" opens a placeholder that is not closed as {{field}}`;
  }
  const single = template.match(/(?<!\{)\{\s*[A-Za-z0-9_.-]+\s*\}\}/);
  if (single) return `"${single[0]}" has one opening brace; a placeholder is {{field}}`;
  return undefined;
}

/** Look up a dotted path (`answers.text`) in a row. */
/** A field value that is not there: missing, null, or text that is only whitespace. */
export function isBlank(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

export function getField(row: Record<string, unknown>, path: string): unknown {
  let value: unknown = row;
  for (const part of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

export function fieldText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(fieldText).join(', ');
  if (value === null || value === undefined) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

export interface RenderContext {
  /** Where the row came from, for the error message. */
  file: string;
  line: number;
  templateId: string;
}

/** Fill `{{field}}` placeholders from a row; a missing field is a DataError naming the row. */
export function renderTemplate(template: string, row: Record<string, unknown>, ctx: RenderContext): string {
  return template.replace(PLACEHOLDER, (_, name: string) => {
    const value = getField(row, name);
    if (value === undefined) {
      const have = Object.keys(row).join(', ');
      throw new DataError(`${ctx.file}:${ctx.line} template "${ctx.templateId}" uses {{${name}}}, but the row has no "${name}" (it has: ${have})`, {
        file: ctx.file,
        line: ctx.line,
        hint: `add "${name}" to every row, map it with data.fields, or fix the placeholder`,
      });
    }
    return fieldText(value);
  });
}
