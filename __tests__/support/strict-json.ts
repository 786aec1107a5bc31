// RFC 8259 §7: control characters (U+0000 to U+001F) must be escaped inside a string.
// eslint-disable-next-line no-control-regex
const STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;
const LITERAL = /(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/y;

/**
 * JSON.parse, but a line with the same name twice in one object is an error (JSON.parse keeps
 * the last; RFC 8259 §4 leaves duplicates' meaning undefined, and strict parsers reject them).
 * The check walks the text once with a tokenizer for RFC 8259's grammar, then JSON.parse builds
 * the value (and rejects anything else that is not JSON).
 */
export function parseStrictJson(text: string): unknown {
  let at = 0;
  const fail = (why: string): never => {
    throw new SyntaxError(`${why} at offset ${at} in ${text.slice(0, 120)}`);
  };
  const space = () => {
    while (at < text.length && ' \t\n\r'.includes(text[at]!)) at++;
  };
  const sticky = (pattern: RegExp) => {
    pattern.lastIndex = at;
    return pattern.exec(text);
  };
  const string = (): string => {
    const match = sticky(STRING);
    if (!match) return fail('bad string');
    at += match[0].length;
    return JSON.parse(match[0]) as string;
  };
  const value = (): void => {
    space();
    const c = text[at];
    if (c === '{') {
      at++;
      const names = new Set<string>();
      space();
      if (text[at] === '}') return void at++;
      for (;;) {
        space();
        const name = string();
        if (names.has(name)) fail(`duplicate name ${JSON.stringify(name)}`);
        names.add(name);
        space();
        if (text[at++] !== ':') fail('expected :');
        value();
        space();
        const next = text[at++];
        if (next === '}') return;
        if (next !== ',') fail('expected , or }');
      }
    }
    if (c === '[') {
      at++;
      space();
      if (text[at] === ']') return void at++;
      for (;;) {
        value();
        space();
        const next = text[at++];
        if (next === ']') return;
        if (next !== ',') fail('expected , or ]');
      }
    }
    if (c === '"') return void string();
    const literal = sticky(LITERAL);
    if (!literal) fail('unexpected character');
    at += literal![0].length;
  };
  value();
  space();
  if (at !== text.length) fail('trailing text');
  return JSON.parse(text);
}
