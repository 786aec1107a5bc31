import { parse as parseYaml } from 'yaml';
import type { Annotation, Rule } from './ast.js';
import type { LineComment } from './lexer.js';
import { RegoError, type SourceLocation } from './rego-error.js';
import { fromJS, RObject, type Value } from './value.js';

/**
 * `# METADATA` comment blocks read into annotations and attached to the statement that follows,
 * as OPA's parser does (ast/parser.go parseAnnotations and metadataParser, ast/annotations.go
 * attachAnnotationsNodes and toObject):
 * https://www.openpolicyagent.org/docs/policy-language#annotations. A block starts at a comment
 * in column 1 whose text starts with `METADATA` and runs over the comments on the following
 * lines that start in column 1; its body (one leading space dropped per line) is YAML.
 */

interface Statement {
  line: number;
  kind: 'package' | 'import' | 'rule';
  rule?: Rule;
}

/** A YAML scalar read into a Go string field: go-yaml keeps a number's or boolean's text too. */
const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : '');

const fail = (loc: SourceLocation, msg: string): never => {
  throw new RegoError('rego_parse_error', msg, loc);
};

/** parseAuthorString: the last word is the email when it is `<...>`. */
const author = (a: unknown, loc: SourceLocation): RObject => {
  const out = new RObject();
  if (typeof a === 'string') {
    const parts = a.split(/\s+/).filter(Boolean);
    if (!parts.length) fail(loc, `invalid author definition ${a}: author is an empty string`);
    const last = parts[parts.length - 1]!;
    const email = last.length >= 2 && last.startsWith('<') && last.endsWith('>') ? last.slice(1, -1) : '';
    const name = (email ? parts.slice(0, -1) : parts).join(' ');
    if (name) out.set('name', name);
    if (email) out.set('email', email);
    return out;
  }
  if (a && typeof a === 'object' && !Array.isArray(a)) {
    const name = str((a as Record<string, unknown>).name).trim();
    const email = str((a as Record<string, unknown>).email).trim();
    if (!name && !email) fail(loc, `invalid author definition: 'name' and/or 'email' values required in object`);
    if (name) out.set('name', name);
    if (email) out.set('email', email);
    return out;
  }
  return fail(loc, 'invalid author definition: invalid value type, must be string or map');
};

const relatedResource = (r: unknown, loc: SourceLocation): RObject => {
  const out = new RObject();
  const obj = r && typeof r === 'object' && !Array.isArray(r) ? (r as Record<string, unknown>) : undefined;
  const ref = typeof r === 'string' ? r : str(obj?.ref).trim();
  if (!ref) fail(loc, obj ? `invalid related-resource definition: 'ref' value required in object` : 'invalid related-resource definition: ref URL may not be empty string');
  out.set('ref', ref);
  const description = str(obj?.description).trim();
  if (description) out.set('description', description);
  return out;
};

/** Annotations.toObject: only the fields that are set, in OPA's names. */
const toObject = (raw: Record<string, unknown>, scope: string, loc: SourceLocation): RObject => {
  const o = new RObject();
  o.set('scope', scope);
  if (str(raw.title)) o.set('title', str(raw.title));
  if (raw.entrypoint === true) o.set('entrypoint', true);
  if (str(raw.description)) o.set('description', str(raw.description));
  const list = (k: string): unknown[] => (Array.isArray(raw[k]) ? (raw[k] as unknown[]) : []);
  if (list('organizations').length) o.set('organizations', list('organizations').map((x) => String(x)));
  if (list('related_resources').length) o.set('related_resources', list('related_resources').map((r) => relatedResource(r, loc)));
  if (list('authors').length) o.set('authors', list('authors').map((a) => author(a, loc)));
  if (list('schemas').length) {
    o.set(
      'schemas',
      list('schemas').map((pair) => {
        const [path, def] = Object.entries((pair ?? {}) as Record<string, unknown>)[0] ?? ['', undefined];
        const s = new RObject();
        s.set('path', path.split('.'));
        if (typeof def === 'string') s.set('schema', def.split('.'));
        else if (def !== undefined) s.set('definition', fromJS(def));
        return s;
      }),
    );
  }
  const custom = raw.custom;
  if (custom && typeof custom === 'object' && Object.keys(custom).length) o.set('custom', fromJS(custom));
  return o;
};

interface Block {
  loc: SourceLocation;
  lines: string[];
}

const blocks = (comments: LineComment[], file: string): Block[] => {
  const out: Block[] = [];
  let curr: Block | undefined;
  comments.forEach((c, i) => {
    if (curr && c.line === comments[i - 1]!.line + 1 && c.col === 1) {
      curr.lines.push(c.text.startsWith(' ') ? c.text.slice(1) : c.text);
      return;
    }
    curr = undefined;
    if (c.col === 1 && c.text.trim().startsWith('METADATA')) {
      curr = { loc: { file, line: c.line, col: c.col }, lines: [] };
      out.push(curr);
    }
  });
  return out;
};

const SCOPES = ['rule', 'document', 'package', 'subpackages'];

/**
 * The module's annotations, each attached to the first statement after its `# METADATA` line
 * (scope defaulting to `rule`, `document` for an entrypoint, or `package`).
 */
export const readAnnotations = (comments: LineComment[], file: string, statements: Statement[]): Annotation[] => {
  const out: Annotation[] = [];
  for (const b of blocks(comments, file)) {
    const text = b.lines.join('\n');
    if (!text.trim()) fail(b.loc, 'expected METADATA block, found whitespace');
    let raw: unknown;
    try {
      raw = parseYaml(text);
    } catch (e) {
      return fail(b.loc, `yaml: ${(e as Error).message.split('\n')[0]}`);
    }
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) fail(b.loc, 'yaml: the METADATA block must be a mapping');
    const fields = raw as Record<string, unknown>;
    const node = statements.find((s) => s.line > b.loc.line);
    let scope = str(fields.scope);
    if (!scope && node) scope = node.kind === 'rule' ? (fields.entrypoint === true ? 'document' : 'rule') : node.kind === 'package' ? 'package' : 'import';
    if (!SCOPES.includes(scope)) fail(b.loc, `invalid annotation scope '${scope}'. Use one of 'rule', 'document', 'package', or 'subpackages'`);
    const wants = scope === 'rule' || scope === 'document' ? 'rule' : 'package';
    if (!node || node.kind !== wants) return fail(b.loc, `annotation scope '${scope}' must be applied to ${wants} (found ${node?.kind ?? 'nothing'})`);
    if (fields.entrypoint === true && scope !== 'document' && scope !== 'package') {
      fail(b.loc, `annotation entrypoint applied to non-document or package scope '${scope}'`);
    }
    out.push({ scope: scope as Annotation['scope'], loc: b.loc, rule: node.rule, value: toObject(fields, scope, b.loc) as Value });
  }
  return out;
};
