import { displayPath } from './load-yaml.js';
import { DataError } from '../errors.js';

/**
 * Bytes of a file heldout reads as text. UTF-8 (a BOM is dropped); UTF-16 is refused; bytes that are
 * not UTF-8 (Latin-1 é, a cut multi-byte character) become U+FFFD and a warning names the lines.
 */
export function decodeUtf8(bytes: Buffer, file: string): { text: string; warning?: string } {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw new DataError(`${displayPath(file)} is UTF-16 text; heldout reads UTF-8`, { file, hint: `convert it, e.g. iconv -f UTF-16 -t UTF-8 ${displayPath(file)} > utf8-copy` });
  }
  const text = bytes.toString('utf8');
  const clean = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (isUtf8(bytes)) return { text: clean };
  const lines = badLines(bytes);
  const shown = lines.length > 5 ? `${lines.slice(0, 5).join(', ')}, … (${lines.length} lines)` : lines.join(', ');
  return {
    text: clean,
    warning: `${displayPath(file)}:${lines[0]} is not valid UTF-8${lines.length > 1 ? ` (lines ${shown})` : ''}: those bytes read as U+FFFD (�); `
      + `if the file is Latin-1, convert it: iconv -f latin1 -t utf-8 ${displayPath(file)}`,
  };
}

function isUtf8(bytes: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** 1-based numbers of the lines holding bytes that are not UTF-8. */
function badLines(bytes: Buffer): number[] {
  const out: number[] = [];
  let start = 0;
  let line = 1;
  for (let i = 0; i <= bytes.length; i++) {
    if (i < bytes.length && bytes[i] !== 0x0a) continue;
    if (!isUtf8(bytes.subarray(start, i))) out.push(line);
    start = i + 1;
    line++;
  }
  return out;
}
