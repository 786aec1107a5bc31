import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import {
  isAlias,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  visit,
  type Document,
} from 'yaml';
import airlockConfigSchema from '../../schemas/airlock-config.schema.json' with { type: 'json' };
import airlockOrgConfigSchema from '../../schemas/airlock-org-config.schema.json' with { type: 'json' };
import orgCeilingSchema from '../../schemas/org-ceiling.schema.json' with { type: 'json' };
import trustPolicySchema from '../../schemas/trust-policy.schema.json' with { type: 'json' };
import { closestName } from './closest-name.js';

/**
 * The published JSON Schemas (schemas/*.schema.json, draft-07: what ajv's default class and
 * yaml-language-server, "JSON Schema 7 and below", both read), by the kind of file they describe.
 * The App, the broker and `airlock config check` validate with these same objects.
 */
export const DOCUMENT_SCHEMAS = {
  'trust-policy': trustPolicySchema,
  'airlock-config': airlockConfigSchema,
  'airlock-org-config': airlockOrgConfigSchema,
  'org-ceiling': orgCeilingSchema,
} as const;
export type DocumentKind = keyof typeof DOCUMENT_SCHEMAS;

/** Where a value sits in a document: mapping keys and sequence indexes. */
export type FieldPath = readonly (string | number)[];

/** One thing wrong with a document, located (1-based line and column) for editors and annotations. */
export interface DocumentProblem {
  line: number;
  col: number;
  /** The field it is about, e.g. `approvers.required` or `agents[0]`; empty for the whole document. */
  field: string;
  message: string;
}

/** A parser's answer: the typed value, or every problem found. */
export type Checked<T> = { ok: true; value: T } | { ok: false; problems: DocumentProblem[] };

export interface ValidatedDocument {
  /** The document as plain data; shaped as the schema says only when `problems` is empty. */
  value: unknown;
  problems: DocumentProblem[];
  /** A problem at `path`, for the checks a schema cannot express (a pattern that must compile). */
  problemAt(path: FieldPath, message: string): DocumentProblem;
}

/** `<file>:<line>:<col>: <field>: <message>`, the form editors and problem matchers read. */
export function formatProblem(file: string, problem: DocumentProblem): string {
  return `${file}:${problem.line}:${problem.col}: ${problem.field ? `${problem.field}: ` : ''}${problem.message}`;
}

/** The first problem, its message saying how many more `airlock config check` would list: one line for an exception. */
export function firstProblem(problems: readonly DocumentProblem[]): DocumentProblem {
  const more = problems.length - 1;
  return {
    ...problems[0]!,
    message: `${problems[0]!.message}${more > 0 ? ` (and ${more} more; airlock config check lists them all)` : ''}`,
  };
}

// verbose: errors carry their schema, whose title, description and examples phrase the message.
// strictRequired off: the oneOf branches name properties declared beside them, which strict mode cannot see.
const ajv = new Ajv({
  allErrors: true,
  verbose: true,
  strict: true,
  strictRequired: false,
  allowUnionTypes: true,
});
const validators = new Map<DocumentKind, ValidateFunction>();

function validatorFor(kind: DocumentKind): ValidateFunction {
  let validate = validators.get(kind);
  if (!validate) {
    validate = ajv.compile(DOCUMENT_SCHEMAS[kind]);
    validators.set(kind, validate);
  }
  return validate;
}

/**
 * Parses YAML text keeping each node's position, and validates it against the kind's schema.
 * Aliases are refused (no billion laughs, and what is read is what is written); so are duplicate
 * keys and multiple documents.
 */
export function validateDocument(kind: DocumentKind, text: string): ValidatedDocument {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true });
  const at = (offset: number): { line: number; col: number } => lines.linePos(offset);
  const problemAt: ProblemAt = (path, message, where = 'value', field = fieldName(path)) => ({
    ...at(offsetOf(doc, path, where)),
    field,
    message,
  });
  const result = (value: unknown, problems: DocumentProblem[]): ValidatedDocument => ({
    value,
    problems: problems.sort((a, b) => a.line - b.line || a.col - b.col),
    problemAt,
  });

  if (doc.errors.length) {
    return result(
      undefined,
      doc.errors.map((e) => ({
        ...at(e.pos[0]),
        field: '',
        message: `not valid YAML: ${e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}`,
      })),
    );
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 0 });
  } catch (error) {
    const alias = firstAlias(doc);
    const message = alias
      ? `not valid YAML: aliases are not allowed (*${alias.name}); write the value out in full`
      : `not valid YAML: ${(error as Error).message}`;
    return result(undefined, [{ ...at(alias?.offset ?? 0), field: '', message }]);
  }
  const validate = validatorFor(kind);
  if (validate(value)) return result(value, []);
  return result(value, describeErrors(validate.errors ?? [], problemAt));
}

/** A problem located at `path` (its key or its value), about `field` (default: the path's own). */
type ProblemAt = (
  path: FieldPath,
  message: string,
  where?: 'key' | 'value',
  field?: string,
) => DocumentProblem;

/** Ajv's errors as one located problem each, phrased from the schema's own annotations. */
function describeErrors(errors: ErrorObject[], problemAt: ProblemAt): DocumentProblem[] {
  // A failed oneOf/anyOf reports its branches' errors too; its description says it better.
  const combinators = errors.filter((e) => e.keyword === 'oneOf' || e.keyword === 'anyOf');
  // A value of the wrong type fails its other keywords too: say one thing per value, the allowed
  // values when there is a list of them (they imply the type), else the type.
  const listed = new Set(
    errors
      .filter((e) => e.keyword === 'enum' && e.propertyName === undefined)
      .map((e) => e.instancePath),
  );
  const mistyped = new Set(errors.filter((e) => e.keyword === 'type').map((e) => e.instancePath));
  const redundant = (e: ErrorObject): boolean =>
    e.propertyName === undefined &&
    (listed.has(e.instancePath)
      ? e.keyword === 'type'
      : mistyped.has(e.instancePath) && e.keyword !== 'type');
  const relevant = errors.filter(
    (e) =>
      e.keyword !== 'propertyNames' &&
      !redundant(e) &&
      !combinators.some((c) => c !== e && e.schemaPath.startsWith(`${c.schemaPath}/`)),
  );
  const problems: DocumentProblem[] = [];
  const unknownAt = new Map<string, ErrorObject[]>();
  for (const error of relevant) {
    if (error.keyword === 'additionalProperties')
      unknownAt.set(error.instancePath, [...(unknownAt.get(error.instancePath) ?? []), error]);
    else problems.push(describe(error, problemAt));
  }
  for (const [instancePath, group] of unknownAt) {
    const path = pathOf(instancePath);
    const names = group.map((e) => String(e.params.additionalProperty));
    const properties =
      (group[0]!.parentSchema as { properties?: Record<string, { not?: unknown }> }).properties ??
      {};
    const allowed = Object.keys(properties).filter((k) => properties[k]!.not === undefined);
    const guess = closestName(names[0]!, allowed);
    problems.push(
      problemAt(
        [...path, names[0]!],
        `unknown field(s) ${names.join(', ')}; ${expected(guess, allowed)}`,
        'key',
        fieldName(path),
      ),
    );
  }
  return problems;
}

interface SchemaAnnotations {
  title?: string;
  description?: string;
  examples?: unknown[];
  properties?: Record<string, SchemaAnnotations>;
  minimum?: number;
  maximum?: number;
}

function describe(error: ErrorObject, problemAt: ProblemAt): DocumentProblem {
  const path = pathOf(error.instancePath);
  const schema = (error.parentSchema ?? {}) as SchemaAnnotations;
  const example = schema.examples?.length ? `, e.g. ${render(schema.examples[0])}` : '';
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required': {
      const missing = String(params.missingProperty);
      const property = schema.properties?.[missing];
      const hint = property?.examples?.length
        ? `; add e.g. ${missing}: ${render(property.examples[0])}`
        : property?.description
          ? ` (${property.description})`
          : '';
      return problemAt(path, `missing field ${missing}${hint}`, 'key');
    }
    case 'type':
      return problemAt(
        path,
        `must be ${typeNames(params.type)}, not ${kindOf(error.data)}${example}`,
      );
    case 'enum': {
      const allowed = (params.allowedValues as unknown[]).map(String);
      if (error.propertyName !== undefined) {
        // From propertyNames: the key itself is wrong (a permission GitHub does not have).
        const guess = closestName(error.propertyName, allowed);
        return problemAt(
          [...path, error.propertyName],
          `${error.propertyName} is not ${schema.title ?? 'allowed here'}; ${expected(guess, allowed)}`,
          'key',
          fieldName(path),
        );
      }
      const guess = typeof error.data === 'string' ? closestName(error.data, allowed) : undefined;
      return problemAt(
        path,
        `must be ${alternatives(allowed)}, not ${render(error.data)}${guess ? ` (did you mean ${guess}?)` : ''}`,
      );
    }
    case 'pattern':
      return problemAt(
        path,
        `must be ${schema.title ?? `text matching ${String(params.pattern)}`}, not ${render(error.data)}`,
      );
    case 'minItems':
    case 'minProperties':
    case 'minLength':
      return problemAt(
        path,
        params.limit === 1
          ? 'must not be empty'
          : `must have at least ${String(params.limit)} ${{ minItems: 'items', minProperties: 'fields', minLength: 'characters' }[error.keyword]}`,
      );
    case 'minimum':
    case 'maximum':
      return problemAt(
        path,
        schema.minimum !== undefined && schema.maximum !== undefined
          ? `must be from ${schema.minimum} to ${schema.maximum}, not ${render(error.data)}`
          : `${error.message}, not ${render(error.data)}`,
      );
    case 'uniqueItems':
      return problemAt(
        [...path, Number(params.i)],
        `repeats ${render((error.data as unknown[])[Number(params.i)])}; list it once`,
      );
    case 'oneOf':
    case 'anyOf':
    case 'not':
      // The schema carrying the combinator states the rule in its description.
      return problemAt(
        path,
        schema.description ?? error.message ?? 'is not allowed',
        error.keyword === 'not' ? 'key' : 'value',
      );
    default:
      return problemAt(path, `${error.message ?? 'is not valid'}${example}`);
  }
}

/** The fix for a wrong name: the close one if there is one, and every name allowed. */
function expected(guess: string | undefined, allowed: string[]): string {
  return guess
    ? `did you mean ${guess}? (expected one of ${allowed.join(', ')})`
    : `expected one of ${allowed.join(', ')}`;
}

const TYPE_NAMES: Record<string, string> = {
  array: 'a list',
  object: 'a mapping',
  string: 'a string',
  boolean: 'true or false',
  integer: 'a whole number',
  number: 'a number',
  null: 'empty',
};

function typeNames(type: unknown): string {
  const names = (Array.isArray(type) ? type : String(type).split(',')).map(
    (t) => TYPE_NAMES[String(t)] ?? String(t),
  );
  return names.length > 1 ? `${names.slice(0, -1).join(', ')} or ${names.at(-1)}` : names[0]!;
}

function alternatives(values: string[]): string {
  return values.length === 2 ? `${values[0]} or ${values[1]}` : `one of ${values.join(', ')}`;
}

function kindOf(value: unknown): string {
  if (value === null || value === undefined) return 'empty';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `a string (${render(value)})`;
  if (typeof value === 'boolean') return `${value}`;
  return `a number (${String(value)})`;
}

/** A value as the user would write it in flow YAML; long values are cut. */
function render(value: unknown): string {
  const text =
    typeof value === 'string'
      ? JSON.stringify(value)
      : (JSON.stringify(value)
          ?.replace(/"([A-Za-z_][\w-]*)":/g, '$1: ')
          .replace(/,/g, ', ') ?? 'nothing');
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** JSON pointer (ajv's instancePath) to path segments, sequence indexes as numbers. */
function pathOf(pointer: string): FieldPath {
  if (!pointer) return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^(0|[1-9]\d*)$/.test(s) ? Number(s) : s));
}

/** `approvers.required`, `agents[0]`; keys that are not identifiers are quoted. */
function fieldName(path: FieldPath): string {
  return path
    .map((s, i) =>
      typeof s === 'number'
        ? `[${s}]`
        : /^[\w-]+$/.test(s)
          ? `${i ? '.' : ''}${s}`
          : `${i ? '.' : ''}${JSON.stringify(s)}`,
    )
    .join('');
}

/** The offset of the node at `path`: its key (or sequence item), or its value; the nearest existing ancestor otherwise. */
function offsetOf(doc: Document, path: FieldPath, where: 'key' | 'value'): number {
  let node: unknown = doc.contents;
  let key: unknown;
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find(
        (p) => String(isScalar(p.key) ? p.key.value : p.key) === String(segment),
      );
      if (!pair) break;
      key = pair.key;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number' && node.items[segment] !== undefined) {
      key = node.items[segment];
      node = key;
    } else break;
  }
  const target = (where === 'key' && key) || node || key;
  return (target as { range?: [number, number, number] } | null)?.range?.[0] ?? 0;
}

function firstAlias(doc: Document): { name: string; offset: number } | undefined {
  let found: { name: string; offset: number } | undefined;
  visit(doc, {
    Alias(_key, node) {
      if (isAlias(node)) found = { name: node.source, offset: node.range?.[0] ?? 0 };
      return visit.BREAK;
    },
  });
  return found;
}
