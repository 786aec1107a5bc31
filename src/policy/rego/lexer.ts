import { RegoError } from './rego-error.js';

export type TokenKind = 'ident' | 'num' | 'str' | 'tmpl' | 'op' | 'eof';

export interface Token {
  k: TokenKind;
  /** Identifier or operator text; a string's decoded value; a number's literal text; a template's raw body. */
  v: string;
  line: number;
  col: number;
  /** A line break precedes this token (expressions in a body end at line breaks). */
  nl: boolean;
  /** Whitespace or a comment precedes this token (refs and calls need adjacency: `a[1]`, `f(x)`). */
  ws: boolean;
  /** For `tmpl`: the raw text came from a backtick template (no escapes). */
  raw?: boolean;
}

const OPS = [':=', '==', '!=', '<=', '>=', '{', '}', '[', ']', '(', ')', '.', ',', ';', ':', '=', '<', '>', '+', '-', '*', '/', '%', '&', '|'];

const isIdentStart = (c: string): boolean => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_';
const isDigit = (c: string): boolean => c >= '0' && c <= '9';

/** Decode a double-quoted Rego string body (JSON escapes) starting after the opening quote. */
const readQuoted = (src: string, start: number, fail: (msg: string, at: number) => never): { value: string; end: number } => {
  let out = '';
  let i = start;
  for (;;) {
    if (i >= src.length || src[i] === '\n') fail('non-terminated string', start - 1);
    const c = src[i]!;
    if (c === '"') return { value: out, end: i + 1 };
    if (c !== '\\') {
      out += c;
      i++;
      continue;
    }
    const e = src[i + 1];
    i += 2;
    switch (e) {
      case '"':
        out += '"';
        break;
      case '\\':
        out += '\\';
        break;
      case '/':
        out += '/';
        break;
      case 'b':
        out += '\b';
        break;
      case 'f':
        out += '\f';
        break;
      case 'n':
        out += '\n';
        break;
      case 'r':
        out += '\r';
        break;
      case 't':
        out += '\t';
        break;
      case 'u': {
        const hex = src.slice(i, i + 4);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail('illegal escape sequence in string', i - 2);
        out += String.fromCharCode(parseInt(hex, 16));
        i += 4;
        break;
      }
      default:
        fail(`illegal escape sequence \\${e ?? ''} in string`, i - 2);
    }
  }
};

/** A `#` comment: its text after the `#`, and where the `#` is. */
export interface LineComment {
  text: string;
  line: number;
  col: number;
}

/**
 * Tokenise a Rego source; `file` names errors as `file:line:col`. Comments are skipped, or
 * collected into `comments` when given (METADATA annotations live in them).
 */
export const lex = (src: string, file: string, comments?: LineComment[]): Token[] => {
  const tokens: Token[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;
  let nl = true;
  let ws = true;
  const fail = (msg: string, at: number): never => {
    const before = src.slice(0, at);
    const l = before.split('\n').length;
    const c = at - before.lastIndexOf('\n');
    throw new RegoError('rego_parse_error', msg, { file, line: l, col: c });
  };
  const push = (k: TokenKind, v: string, at: number, extra?: Partial<Token>): void => {
    tokens.push({ k, v, line, col: at - lineStart + 1, nl, ws, ...extra });
    nl = false;
    ws = false;
  };
  while (i < src.length) {
    const c = src[i]!;
    if (c === '\n') {
      i++;
      line++;
      lineStart = i;
      nl = true;
      ws = true;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      ws = true;
      continue;
    }
    if (c === '#') {
      const start = i;
      while (i < src.length && src[i] !== '\n') i++;
      comments?.push({ text: src.slice(start + 1, i).replace(/\r$/, ''), line, col: start - lineStart + 1 });
      ws = true;
      continue;
    }
    if (isIdentStart(c)) {
      let j = i + 1;
      while (j < src.length && (isIdentStart(src[j]!) || isDigit(src[j]!))) j++;
      push('ident', src.slice(i, j), i);
      i = j;
      continue;
    }
    if (isDigit(c)) {
      const m = /^[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(src.slice(i, i + 400))!;
      push('num', m[0], i);
      i += m[0].length;
      if (i < src.length && (isIdentStart(src[i]!) || src[i] === '.')) fail('illegal number format', i);
      continue;
    }
    if (c === '"') {
      const { value, end } = readQuoted(src, i + 1, fail);
      push('str', value, i);
      i = end;
      continue;
    }
    if (c === '`') {
      const end = src.indexOf('`', i + 1);
      if (end < 0) fail('non-terminated raw string', i);
      push('str', src.slice(i + 1, end), i, { raw: true });
      const skipped = src.slice(i, end).split('\n').length - 1;
      if (skipped > 0) {
        line += skipped;
        lineStart = src.lastIndexOf('\n', end) + 1;
      }
      i = end + 1;
      continue;
    }
    if (c === '$' && (src[i + 1] === '"' || src[i + 1] === '`')) {
      const quote = src[i + 1]!;
      let j = i + 2;
      let depth = 0;
      while (j < src.length) {
        const d = src[j]!;
        // `\{` and `\}` escape a brace in both kinds of template; `"` templates have other escapes too.
        if (d === '\\' && (quote === '"' || src[j + 1] === '{' || src[j + 1] === '}')) {
          j += 2;
          continue;
        }
        if (d === '{') depth++;
        else if (d === '}') depth = Math.max(0, depth - 1);
        else if (d === quote && depth === 0) break;
        else if (d === '"' && depth > 0) {
          // a string inside an interpolated expression
          j = readQuoted(src, j + 1, fail).end;
          continue;
        } else if (d === '\n' && quote === '"') fail('non-terminated template string', i);
        j++;
      }
      if (j >= src.length) fail('non-terminated template string', i);
      push('tmpl', src.slice(i + 2, j), i, { raw: quote === '`' });
      const skipped = src.slice(i, j).split('\n').length - 1;
      if (skipped > 0) {
        line += skipped;
        lineStart = src.lastIndexOf('\n', j) + 1;
      }
      i = j + 1;
      continue;
    }
    const op = OPS.find((o) => src.startsWith(o, i));
    if (!op) fail(`illegal token ${JSON.stringify(c)}`, i);
    push('op', op!, i);
    i += op!.length;
  }
  push('eof', '', i);
  return tokens;
};
