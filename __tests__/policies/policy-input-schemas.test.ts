import { describe, expect, it } from '@jest/globals';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { PolicyFiles } from '../../src/policy/load-policy-files.js';
import { RegoPolicy } from '../../src/policy/rego/rego-policy.js';
import { toJS } from '../../src/policy/rego/value.js';
import {
  DEFAULT_PACKAGES,
  defaultPolicyCases,
  loadDefaultPolicies,
  POLICIES_DIR,
  type DefaultPackage,
} from './default-policy-cases.js';

const compileSchemas = async (): Promise<Map<DefaultPackage, ValidateFunction>> => {
  // strict: unknown keywords or formats in a schema are errors, not silently ignored.
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  const out = new Map<DefaultPackage, ValidateFunction>();
  for (const pkg of DEFAULT_PACKAGES) {
    const schema = JSON.parse(
      await readFile(path.join(POLICIES_DIR, 'schemas', `${pkg}-input.schema.json`), 'utf8'),
    ) as Record<string, unknown>;
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    out.set(pkg, ajv.compile(schema));
  }
  return out;
};

describe('policy input schemas (policies/schemas, JSON Schema draft 2020-12)', () => {
  it('accept every well-formed input the Rego tests use and reject every malformed one', async () => {
    const schemas = await compileSchemas();
    const cases = defaultPolicyCases(await loadDefaultPolicies());
    for (const pkg of DEFAULT_PACKAGES) {
      expect({
        pkg,
        wellFormed: cases.some((c) => c.pkg === pkg && !c.malformed),
        malformed: cases.some((c) => c.pkg === pkg && c.malformed),
      }).toEqual({ pkg, wellFormed: true, malformed: true });
    }
    for (const c of cases) {
      const validate = schemas.get(c.pkg)!;
      const valid = validate(c.input);
      expect({
        case: `${c.pkg}/${c.name}`,
        valid,
        errors: valid ? [] : validate.errors?.map((e) => `${e.instancePath} ${e.message}`),
      }).toEqual({
        case: `${c.pkg}/${c.name}`,
        valid: !c.malformed,
        errors: c.malformed ? expect.arrayContaining([expect.any(String)]) : [],
      });
    }
  });

  it('reject mistyped fields the policies would otherwise have to guess about', async () => {
    const schemas = await compileSchemas();
    const cases = defaultPolicyCases(await loadDefaultPolicies());
    const base = (pkg: DefaultPackage, name: string): Record<string, unknown> =>
      structuredClone(cases.find((c) => c.pkg === pkg && c.name === name)!.input) as Record<
        string,
        unknown
      >;

    const sts = base('sts', 'allow_write_within_everything');
    (sts.repository as Record<string, unknown>).id = '123456';
    expect(schemas.get('sts')!(sts)).toBe(false);

    const pr = base('pr', 'allow_agent_pr_approved');
    (pr.approvals as Record<string, unknown>[])[0]!.sha = 'HEAD';
    expect(schemas.get('pr')!(pr)).toBe(false);

    const push = base('push', 'allow_human_push_to_protected');
    push.extra = true;
    expect(schemas.get('push')!(push)).toBe(false);

    const secrets = base('secrets', 'allow_approved_run');
    delete (secrets.run as Record<string, unknown>).actor;
    expect(schemas.get('secrets')!(secrets)).toBe(false);

    const egress = base('egress', 'allow_resolve_pull_listing_in_run_repository');
    (egress.credential as Record<string, unknown>).placement = 'query';
    expect(schemas.get('egress')!(egress)).toBe(false);

    // An event field in camelCase (the wire contract's spelling, not the policy's) is unknown.
    const containment = base('containment', 'deny_five_hosts_over_two_batches');
    const [event] = containment.recent as Record<string, unknown>[];
    event!.pathClass = event!.path_class;
    delete event!.path_class;
    expect(schemas.get('containment')!(containment)).toBe(false);

    // The untouched originals pass, so each rejection above is the edit's doing.
    expect([
      schemas.get('sts')!(base('sts', 'allow_write_within_everything')),
      schemas.get('pr')!(base('pr', 'allow_agent_pr_approved')),
      schemas.get('push')!(base('push', 'allow_human_push_to_protected')),
      schemas.get('secrets')!(base('secrets', 'allow_approved_run')),
      schemas.get('egress')!(base('egress', 'allow_resolve_pull_listing_in_run_repository')),
      schemas.get('containment')!(base('containment', 'deny_five_hosts_over_two_batches')),
    ]).toEqual([true, true, true, true, true, true]);
  });
});

interface SchemaNode {
  type?: string | string[];
  enum?: unknown[];
  required?: string[];
  properties?: Record<string, SchemaNode>;
}

/** The JSON type a schema node admits, in Rego's `type_name` words (`object or null` for a union). */
const regoType = (node: SchemaNode | undefined): string | undefined => {
  if (node?.enum?.every((v) => typeof v === 'string')) return 'string';
  const types = typeof node?.type === 'string' ? [node.type] : node?.type;
  return types?.map((t) => (t === 'integer' ? 'number' : t)).join(' or ');
};

/** The schema node at `fieldPath`, and whether the schema requires every step of the way to it. */
const schemaField = (
  schema: SchemaNode,
  fieldPath: string[],
): { required: boolean; node: SchemaNode | undefined } => {
  let node: SchemaNode | undefined = schema;
  let required = true;
  for (const segment of fieldPath) {
    required &&= node?.required?.includes(segment) ?? false;
    node = node?.properties?.[segment];
  }
  return { required, node };
};

/**
 * The document holding a package's field lists: the policy's own, except airlock.containment,
 * whose `well_formed` rule reads its few fields directly; its test package lists them and proves
 * the policy contains the identity without each (policies/containment_test.rego).
 */
const fieldsDocument = (pkg: DefaultPackage): string =>
  pkg === 'containment' ? `${pkg}_test` : pkg;

/** A package's field list (`required_fields`, `nullable_fields`), or undefined if it has none. */
const policyFields = (
  policy: RegoPolicy,
  data: PolicyFiles['data'],
  pkg: DefaultPackage,
  name: string,
): [string[], string][] | undefined => {
  const value = policy
    .query(`__fields__ = data.airlock.${fieldsDocument(pkg)}.${name}`, { data })[0]
    ?.get('__fields__');
  return value === undefined ? undefined : (toJS(value) as [string[], string][]);
};

describe('schemas and policies state the same contract', () => {
  it('every field a policy requires (required_fields) is required by its schema, with the same type', async () => {
    const files = await loadDefaultPolicies();
    const policy = RegoPolicy.compile(files.modules);
    for (const pkg of DEFAULT_PACKAGES) {
      const schema = JSON.parse(
        await readFile(path.join(POLICIES_DIR, 'schemas', `${pkg}-input.schema.json`), 'utf8'),
      ) as SchemaNode;
      const fields = policyFields(policy, files.data, pkg, 'required_fields') ?? [];
      expect(fields.length).toBeGreaterThan(0);
      for (const [fieldPath, want] of fields) {
        const { required, node } = schemaField(schema, fieldPath);
        expect({ pkg, field: fieldPath.join('.'), required, type: regoType(node) }).toEqual({
          pkg,
          field: fieldPath.join('.'),
          required: true,
          type: want,
        });
      }
    }
  });

  it('every field a policy allows to be null (nullable_fields) is required by its schema as that type or null', async () => {
    const files = await loadDefaultPolicies();
    const policy = RegoPolicy.compile(files.modules);
    let checked = 0;
    for (const pkg of DEFAULT_PACKAGES) {
      const fields = policyFields(policy, files.data, pkg, 'nullable_fields');
      if (fields === undefined) continue;
      const schema = JSON.parse(
        await readFile(path.join(POLICIES_DIR, 'schemas', `${pkg}-input.schema.json`), 'utf8'),
      ) as SchemaNode;
      for (const [fieldPath, want] of fields) {
        const { required, node } = schemaField(schema, fieldPath);
        expect({ pkg, field: fieldPath.join('.'), required, type: regoType(node) }).toEqual({
          pkg,
          field: fieldPath.join('.'),
          required: true,
          type: `${want} or null`,
        });
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(0);
  });
});
