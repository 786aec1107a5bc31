import type { Position } from './gql-ast.js';

/**
 * GraphQL tokens as gqlparser's lexer reads them (lexer/lexer.go and lexer/token.go of
 * https://github.com/vektah/gqlparser). OPA's graphql.* builtins report gqlparser's parse errors
 * verbatim ("Expected Name, found <EOF>", "Unexpected <Invalid>"), so the token kinds, their
 * printed names and the rune-based line/column rules follow that lexer, not graphql-js's.
 */

export type TokenKind =
  | 'Invalid'
  | 'EOF'
  | 'Bang'
  | 'Dollar'
  | 'Amp'
  | 'ParenL'
  | 'ParenR'
  | 'Spread'
  | 'Colon'
  | 'Equals'
  | 'At'
  | 'BracketL'
  | 'BracketR'
  | 'BraceL'
  | 'BraceR'
  | 'Pipe'
  | 'Name'
  | 'Int'
  | 'Float'
  | 'String'
  | 'BlockString'
  | 'Comment';

const PRINTED: Record<TokenKind, string> = {
  Invalid: '<Invalid>',
  EOF: '<EOF>',
  Bang: '!',
  Dollar: '$',
  Amp: '&',
  ParenL: '(',
  ParenR: ')',
  Spread: '...',
  Colon: ':',
  Equals: '=',
  At: '@',
  BracketL: '[',
  BracketR: ']',
  BraceL: '{',
  BraceR: '}',
  Pipe: '|',
  Name: 'Name',
  Int: 'Int',
  Float: 'Float',
  String: 'String',
  BlockString: 'BlockString',
  Comment: 'Comment',
};

/** `Type.String()`: how an error message names a token kind. */
export const kindString = (k: TokenKind): string => PRINTED[k];

export interface Token {
  kind: TokenKind;
  value: string;
  pos: Position;
}

/** Go's strconv.Quote for the strings gqlparser quotes in its messages. */
export const goQuote = (s: string): string => {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return `${out}"`;
};

/** `Token.String()`: `Name "foo"` when the token has a value, else just its kind. */
export const tokenString = (t: Token): string => (t.value !== '' ? `${kindString(t.kind)} ${goQuote(t.value)}` : kindString(t.kind));

export interface LexError {
  message: string;
  line: number;
  column: number;
}

const isNameStart = (c: string): boolean => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_';
const isNameChar = (c: string): boolean => isNameStart(c) || (c >= '0' && c <= '9');
const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';

/** The block string value algorithm of the spec, as lexer/blockstring.go implements it. */
const blockStringValue = (raw: string): string => {
  const lines = raw.split('\n');
  const leading = (line: string): number => {
    for (let i = 0; i < line.length; i++) if (line[i] !== ' ' && line[i] !== '\t') return i;
    return Number.MAX_SAFE_INTEGER;
  };
  let common = Number.MAX_SAFE_INTEGER;
  for (const line of lines) {
    const indent = leading(line);
    if (indent < line.length && indent < common) {
      common = indent;
      if (common === 0) break;
    }
  }
  if (common !== Number.MAX_SAFE_INTEGER) {
    for (let i = 1; i < lines.length; i++) lines[i] = lines[i]!.length < common ? '' : lines[i]!.slice(common);
  }
  let start = 0;
  let end = lines.length;
  while (start < end && leading(lines[start]!) === Number.MAX_SAFE_INTEGER) start++;
  while (start < end && leading(lines[end - 1]!) === Number.MAX_SAFE_INTEGER) end--;
  return lines.slice(start, end).join('\n');
};

/**
 * Reads tokens from a source. Offsets are UTF-16 indexes into the JS string; positions count
 * runes (code points) as gqlparser does.
 */
export class Lexer {
  private start = 0;
  private startRunes = 0;
  private end = 0;
  private endRunes = 0;
  private line = 1;
  private lineStartRunes = 0;

  constructor(private readonly input: string) {}

  private token(kind: TokenKind, value = this.input.slice(this.start, this.end)): Token {
    return {
      kind,
      value,
      pos: { Start: this.startRunes, End: this.endRunes, Line: this.line, Column: this.startRunes - this.lineStartRunes + 1 },
    };
  }

  private fail(message: string): { token: Token; error: LexError } {
    const column = this.endRunes - this.lineStartRunes + 1;
    return {
      token: { kind: 'Invalid', value: '', pos: { Start: this.startRunes, End: this.endRunes, Line: this.line, Column: column } },
      error: { message, line: this.line, column },
    };
  }

  /** Advances past one code point. */
  private advance(): string {
    const cp = this.input.codePointAt(this.end)!;
    const ch = String.fromCodePoint(cp);
    this.end += ch.length;
    this.endRunes++;
    return ch;
  }

  read(): { token: Token; error?: LexError } {
    this.ws();
    this.start = this.end;
    this.startRunes = this.endRunes;
    if (this.end >= this.input.length) return { token: this.token('EOF') };
    const r = this.input[this.start]!;
    const punct: Record<string, TokenKind> = {
      '!': 'Bang',
      $: 'Dollar',
      '&': 'Amp',
      '(': 'ParenL',
      ')': 'ParenR',
      ':': 'Colon',
      '=': 'Equals',
      '@': 'At',
      '[': 'BracketL',
      ']': 'BracketR',
      '{': 'BraceL',
      '}': 'BraceR',
      '|': 'Pipe',
    };
    const p = punct[r];
    if (p) {
      this.end++;
      this.endRunes++;
      return { token: this.token(p, '') };
    }
    if (r === '.' && this.input.startsWith('...', this.start)) {
      this.end += 3;
      this.endRunes += 3;
      return { token: this.token('Spread', '') };
    }
    if (r === '#') return this.readComment();
    if (isNameStart(r)) return this.readName();
    if (r === '-' || isDigit(r)) return this.readNumber();
    if (r === '"') return this.input.startsWith('"""', this.start) ? this.readBlockString() : this.readString();
    const c = r.charCodeAt(0);
    if (c < 0x20 && r !== '\t' && r !== '\n' && r !== '\r') return this.fail(`Cannot contain the invalid character "\\u${String(c).padStart(4, '0')}"`);
    if (r === "'") return this.fail(`Unexpected single quote character ('), did you mean to use a double quote (")?`);
    // gqlparser names the first byte of the character as if it were a rune (string(byte) in Go).
    const firstByte = Buffer.from(String.fromCodePoint(this.input.codePointAt(this.start)!))[0]!;
    return this.fail(`Cannot parse the unexpected character "${String.fromCharCode(firstByte)}".`);
  }

  private ws(): void {
    while (this.end < this.input.length) {
      const c = this.input[this.end]!;
      if (c === '\t' || c === ' ' || c === ',' || c === '\uFEFF') {
        this.end++;
        this.endRunes++;
      } else if (c === '\n' || c === '\r') {
        this.end++;
        this.endRunes++;
        this.line++;
        this.lineStartRunes = this.endRunes;
        if (c === '\r' && this.input[this.end] === '\n') {
          this.end++;
          this.endRunes++;
        }
      } else return;
    }
  }

  private readComment(): { token: Token } {
    this.end++;
    this.endRunes++;
    while (this.end < this.input.length) {
      const c = this.input.codePointAt(this.end)!;
      if (c > 0x1f || c === 0x09) this.advance();
      else break;
    }
    return { token: this.token('Comment') };
  }

  private readName(): { token: Token } {
    this.end++;
    this.endRunes++;
    while (this.end < this.input.length && isNameChar(this.input[this.end]!)) {
      this.end++;
      this.endRunes++;
    }
    return { token: this.token('Name') };
  }

  private accept(chars: string): boolean {
    const c = this.input[this.end];
    if (c !== undefined && chars.includes(c)) {
      this.end++;
      this.endRunes++;
      return true;
    }
    return false;
  }

  private digits(): number {
    let n = 0;
    while (isDigit(this.input[this.end])) {
      this.end++;
      this.endRunes++;
      n++;
    }
    return n;
  }

  private describeNext(): string {
    return this.end < this.input.length ? `"${this.input[this.end]}"` : '<EOF>';
  }

  private readNumber(): { token: Token; error?: LexError } {
    let float = false;
    this.accept('-');
    if (this.accept('0')) {
      const n = this.digits();
      if (n !== 0) {
        this.end -= n;
        this.endRunes -= n;
        return this.fail(`Invalid number, unexpected digit after 0: ${this.describeNext()}.`);
      }
    } else if (this.digits() === 0) return this.fail(`Invalid number, expected digit but got: ${this.describeNext()}.`);
    if (this.accept('.')) {
      float = true;
      if (this.digits() === 0) return this.fail(`Invalid number, expected digit but got: ${this.describeNext()}.`);
    }
    if (this.accept('eE')) {
      float = true;
      this.accept('-+');
      if (this.digits() === 0) return this.fail(`Invalid number, expected digit but got: ${this.describeNext()}.`);
    }
    return { token: this.token(float ? 'Float' : 'Int') };
  }

  private readString(): { token: Token; error?: LexError } {
    const input = this.input;
    let buf: string | undefined;
    this.end++;
    this.endRunes++;
    this.start++;
    this.startRunes++;
    while (this.end < input.length) {
      const r = input[this.end]!;
      if (r === '\n' || r === '\r') break;
      const c = r.charCodeAt(0);
      if (c < 0x20 && r !== '\t') return this.fail(`Invalid character within String: "\\u${String(c).padStart(4, '0')}".`);
      if (r === '"') {
        const t = this.token('String');
        t.pos.Start--;
        t.pos.End++;
        if (buf !== undefined) t.value = buf;
        this.end++;
        this.endRunes++;
        return { token: t };
      }
      if (r !== '\\') {
        const ch = this.advance();
        if (buf !== undefined) buf += ch;
        continue;
      }
      if (this.end + 1 >= input.length) {
        this.end++;
        this.endRunes++;
        return this.fail('Invalid character escape sequence.');
      }
      buf ??= input.slice(this.start, this.end);
      const escape = input[this.end + 1]!;
      if (escape === 'u') {
        if (this.end + 6 >= input.length) {
          this.end++;
          this.endRunes++;
          return this.fail(`Invalid character escape sequence: \\${input.slice(this.end)}.`);
        }
        const hex = input.slice(this.end + 2, this.end + 6);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) {
          this.end++;
          this.endRunes++;
          return this.fail(`Invalid character escape sequence: \\${input.slice(this.end, this.end + 5)}.`);
        }
        buf += String.fromCharCode(parseInt(hex, 16));
        this.end += 6;
        this.endRunes += 6;
        continue;
      }
      const simple: Record<string, string> = { '"': '"', '/': '/', '\\': '\\', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
      const out = simple[escape];
      if (out === undefined) {
        this.end++;
        this.endRunes++;
        return this.fail(`Invalid character escape sequence: \\${escape}.`);
      }
      buf += out;
      this.end += 2;
      this.endRunes += 2;
    }
    return this.fail('Unterminated string.');
  }

  private readBlockString(): { token: Token; error?: LexError } {
    const input = this.input;
    let buf = '';
    this.start += 3;
    this.startRunes += 3;
    this.end += 3;
    this.endRunes += 3;
    while (this.end < input.length) {
      const r = input[this.end]!;
      if (r === '"') {
        let quotes = 1;
        while (input[this.end + quotes] === '"') quotes++;
        if (quotes >= 3) {
          buf += '"'.repeat(quotes - 3);
          const t = this.token('BlockString', blockStringValue(buf));
          t.pos.Start -= 3;
          t.pos.End += 3;
          this.end += quotes;
          this.endRunes += quotes;
          return { token: t };
        }
      }
      const c = r.charCodeAt(0);
      if (c < 0x20 && r !== '\t' && r !== '\n' && r !== '\r') return this.fail(`Invalid character within String: "\\u${String(c).padStart(4, '0')}".`);
      if (r === '\\' && input.startsWith('\\"""', this.end)) {
        buf += '"""';
        this.end += 4;
        this.endRunes += 4;
      } else if (r === '\r') {
        if (input[this.end + 1] === '\n') {
          this.end++;
          this.endRunes++;
        }
        buf += '\n';
        this.end++;
        this.endRunes++;
        this.line++;
        this.lineStartRunes = this.endRunes;
      } else {
        buf += this.advance();
        if (r === '\n') {
          this.line++;
          this.lineStartRunes = this.endRunes;
        }
      }
    }
    return this.fail('Unterminated string.');
  }
}
