const STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;
const LITERAL = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null/y;
const WHITESPACE = /[ \t\n\r]*/y;

/**
 * Offset of the first syntax error in a JSON text, or -1 when it is valid.
 * V8's JSON.parse messages carry no position, so on the error path we re-scan
 * with this small recursive-descent checker to tell the user the line.
 */
export function jsonErrorOffset(text: string): number {
  const scanner = new Scanner(text);
  try {
    scanner.value();
    scanner.skip(WHITESPACE);
    return scanner.at < text.length ? scanner.at : -1;
  } catch (err) {
    if (err instanceof SyntaxAt) return err.offset;
    throw err;
  }
}

class SyntaxAt { constructor(readonly offset: number) {} }

class Scanner {
  at = 0;
  constructor(private readonly text: string) {}

  skip(pattern: RegExp): boolean {
    pattern.lastIndex = this.at;
    const match = pattern.exec(this.text);
    if (!match) return false;
    this.at += match[0].length;
    return true;
  }

  expect(ch: string): void {
    this.skip(WHITESPACE);
    if (this.text[this.at] !== ch) throw new SyntaxAt(this.at);
    this.at++;
  }

  value(): void {
    this.skip(WHITESPACE);
    const ch = this.text[this.at];
    if (ch === '{') this.container('}', () => { this.skip(WHITESPACE); this.token(STRING); this.expect(':'); this.value(); });
    else if (ch === '[') this.container(']', () => this.value());
    else this.token(ch === '"' ? STRING : LITERAL);
  }

  private token(pattern: RegExp): void {
    if (!this.skip(pattern)) throw new SyntaxAt(this.at);
  }

  private container(close: string, member: () => void): void {
    this.at++;
    this.skip(WHITESPACE);
    if (this.text[this.at] === close) { this.at++; return; }
    for (;;) {
      member();
      this.skip(WHITESPACE);
      if (this.text[this.at] === close) { this.at++; return; }
      this.expect(',');
    }
  }
}
