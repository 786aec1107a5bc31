import { describe, expect, it } from '@jest/globals';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { parse } from 'yaml';
import { CONFIG_FIELDS } from '../../app/config/airlock-config.js';
import {
  DOCUMENT_SCHEMAS,
  formatProblem,
  validateDocument,
  type DocumentKind,
} from '../../src/config/validate-document.js';
import { REPOSITORY_PERMISSIONS } from '../../src/sts/trust-policy.js';

/*
 * Issue 15 item 3: the published schemas are complete for editors (an $id, a title, a description
 * on every field, unknown fields refused) and accept everything the docs and examples ship.
 */

interface Schema {
  $id?: string;
  title?: string;
  description?: string;
  type?: string | string[];
  properties?: Record<string, Schema>;
  additionalProperties?: boolean | Schema;
  items?: Schema;
  definitions?: Record<string, Schema & { enum?: string[] }>;
}

const KINDS = Object.keys(DOCUMENT_SCHEMAS) as DocumentKind[];
const schemaOf = (kind: DocumentKind) => DOCUMENT_SCHEMAS[kind] as Schema;

/** Every object schema with declared fields, by its path in the schema. */
function objectsWithFields(schema: Schema, at = '#'): [string, Schema][] {
  const own: [string, Schema][] = schema.properties ? [[at, schema]] : [];
  const nested = Object.entries(schema.properties ?? {}).flatMap(([k, s]) => [
    ...objectsWithFields(s, `${at}/properties/${k}`),
    ...(s.items ? objectsWithFields(s.items, `${at}/properties/${k}/items`) : []),
  ]);
  return [...own, ...nested];
}

describe('the published schemas', () => {
  it.each(KINDS)(
    '%s: has an $id, a title and a description, describes every field and refuses unknown ones',
    (kind) => {
      const schema = schemaOf(kind);
      expect(schema.$id).toBe(`https://airlock.dev/schemas/${kind}.schema.json`);
      expect(existsSync(`schemas/${kind}.schema.json`)).toBe(true);
      expect(schema.title).toMatch(/^Airlock /);
      expect(schema.description!.length).toBeGreaterThan(40);
      for (const [path, object] of objectsWithFields(schema)) {
        expect([path, object.additionalProperties]).toEqual([path, false]);
        for (const [field, s] of Object.entries(object.properties!))
          expect([`${path}/${field}`, typeof s.description]).toEqual([
            `${path}/${field}`,
            'string',
          ]);
      }
    },
  );

  it("keeps the org layer the repository layer's fields plus locked and containment.notify_url, and the code's field list in step", () => {
    const repo = schemaOf('airlock-config').properties!;
    const org = schemaOf('airlock-org-config').properties!;
    const { locked: orgLocked, ...orgRest } = org;
    const { locked: repoLocked, ...repoRest } = repo;
    // Only the org layer sets where the App POSTs containment notices (docs/containment.md).
    const withoutNotifyUrl = (fields: Record<string, Schema>) => {
      const { notify_url: notifyUrl, ...containment } = fields.containment!.properties!;
      return { fields: { ...fields, containment: { ...fields.containment, properties: containment } }, notifyUrl };
    };
    expect(withoutNotifyUrl(orgRest).fields).toEqual(withoutNotifyUrl(repoRest).fields);
    expect(repoLocked).toMatchObject({ not: {} });
    expect(withoutNotifyUrl(repoRest).notifyUrl).toMatchObject({ not: {}, description: expect.stringContaining('<org>/.github:.github/airlock.yml') });
    expect(withoutNotifyUrl(orgRest).notifyUrl).toMatchObject({ type: 'string', pattern: expect.stringMatching(/^\^https:\/\//) });
    expect(Object.keys(org)).toEqual([...CONFIG_FIELDS]);
    expect((orgLocked!.items as { enum: string[] }).enum).toEqual(
      CONFIG_FIELDS.filter((f) => f !== 'locked'),
    );
  });

  it('lists the same repository permissions for trust policies, the ceiling and the broker', () => {
    const permissions = schemaOf('trust-policy').definitions!.repositoryPermission!.enum!;
    expect(schemaOf('org-ceiling').definitions!.repositoryPermission!.enum).toEqual(permissions);
    expect([...REPOSITORY_PERMISSIONS]).toEqual(permissions);
    expect(permissions).not.toContain('members');
  });
});

/** The kind a docs snippet is: its yaml-language-server line, or the fields it sets; undefined for workflows. */
function kindOfSnippet(text: string): DocumentKind | undefined {
  const modeline = /^# yaml-language-server: \$schema=\S*\/([\w-]+)\.schema\.json$/m.exec(text);
  if (modeline) return modeline[1] as DocumentKind;
  const doc = parse(text) as Record<string, unknown>;
  const keys = Object.keys(doc ?? {});
  if (keys.includes('issuer')) return 'trust-policy';
  if (keys.includes('allowed_issuers')) return 'org-ceiling';
  if (keys.length && keys.every((k) => (CONFIG_FIELDS as readonly string[]).includes(k)))
    return keys.includes('locked') ? 'airlock-org-config' : 'airlock-config';
  return undefined;
}

const markdown = [
  'README.md',
  ...readdirSync('docs')
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];
const snippets = markdown.flatMap((file) => {
  const text = readFileSync(file, 'utf8');
  const blocks = [...text.matchAll(/^```ya?ml\n([\s\S]*?)^```/gm)].map((m) => m[1]!);
  // Inline examples such as `agents: ["agent-smith[bot]"]`.
  const inline = [...text.matchAll(/`((?:agents|approval_paths|mode): [^`]+)`/g)].map((m) => m[1]!);
  return [...blocks, ...inline].flatMap((snippet) => {
    const kind = kindOfSnippet(snippet);
    return kind ? [{ file, kind, snippet }] : [];
  });
});

describe('every configuration snippet in the README and docs/', () => {
  it('covers each kind of file, the README trust policy and the ceiling of the registration guide', () => {
    expect(new Set(snippets.map((s) => s.kind))).toEqual(new Set(KINDS));
    expect(snippets.filter((s) => s.file === 'README.md').map((s) => s.kind)).toEqual(
      expect.arrayContaining(['trust-policy', 'airlock-config']),
    );
    expect(
      snippets.filter((s) => s.file === 'docs/register-the-app.md').map((s) => s.kind),
    ).toEqual(expect.arrayContaining(['org-ceiling', 'airlock-config']));
  });

  it.each(
    snippets.map(
      (s) =>
        [
          `${s.file} (${s.kind}): ${s.snippet.split('\n').find((l) => !l.startsWith('#'))}`,
          s,
        ] as const,
    ),
  )('%s validates', (_name, { kind, snippet, file }) => {
    expect(validateDocument(kind, snippet).problems.map((p) => formatProblem(file, p))).toEqual([]);
  });
});

describe('the shipped examples', () => {
  it('examples/trust-policy.sts.yaml names its schema for editors, and the path leads to the trust policy schema', () => {
    const text = readFileSync('examples/trust-policy.sts.yaml', 'utf8');
    const target = /^# yaml-language-server: \$schema=(\S+)$/m.exec(text)![1]!;
    const resolved = join(dirname('examples/trust-policy.sts.yaml'), target);
    expect(basename(resolved)).toBe('trust-policy.schema.json');
    expect((JSON.parse(readFileSync(resolved, 'utf8')) as Schema).$id).toBe(
      schemaOf('trust-policy').$id,
    );
    expect(validateDocument('trust-policy', text).problems).toEqual([]);
  });
});
