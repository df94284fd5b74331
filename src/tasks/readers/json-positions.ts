/**
 * Lines (1-based) where JSON objects open at a given nesting depth, in
 * document order. Depth counts the containers already open: the objects of a
 * top-level array open at depth 1, those of `{"data": [...]}` at depth 2.
 * A lexical scan, so it is cheap and needs no position-aware parser; callers
 * treat a count that does not match the parsed rows as "unknown".
 */
export function objectStartLines(text: string, depth: number): number[] {
  const lines: number[] = [];
  let open = 0;
  let line = 1;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\n') line++;
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') inString = true;
    else if (ch === '{' || ch === '[') {
      if (ch === '{' && open === depth) lines.push(line);
      open++;
    } else if (ch === '}' || ch === ']') open--;
  }
  return lines;
}

/** The 1-based line of a character offset. */
export function lineOfOffset(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text[i] === '\n') line++;
  return line;
}
