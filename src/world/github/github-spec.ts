import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { amendGithubSpec } from './github-spec-amendments.js';
import type { SchemaNode } from './schema-fill.js';

export interface GithubSpec {
  paths: Record<string, Record<string, { operationId?: string; responses?: Record<string, { content?: Record<string, { schema?: SchemaNode }> }> }>>;
  components: { schemas: Record<string, SchemaNode> } & Record<string, Record<string, unknown>>;
}

let cached: Promise<GithubSpec> | undefined;

/**
 * GitHub's own OpenAPI description of api.github.com, from @octokit/openapi (a dev dependency), with
 * the amendments of github-spec-amendments.ts where GitHub answers outside it.
 */
export function loadGithubSpec(): Promise<GithubSpec> {
  cached ??= (async () => {
    let pkg: string;
    try {
      pkg = createRequire(import.meta.url).resolve('@octokit/openapi/package.json');
    } catch {
      throw new Error('the local world needs @octokit/openapi (a dev dependency): run `npm ci` in the Airlock checkout');
    }
    return amendGithubSpec(JSON.parse(await readFile(join(dirname(pkg), 'generated', 'api.github.com.json'), 'utf8')) as GithubSpec);
  })();
  return cached;
}

/** Resolves a local `$ref` such as `#/components/schemas/check-run`. */
export function resolveRef(spec: GithubSpec, ref: string): SchemaNode {
  let node: unknown = spec;
  for (const part of ref.replace(/^#\//, '').split('/')) node = (node as Record<string, unknown>)[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  if (!node) throw new Error(`unresolvable $ref ${ref}`);
  return node as SchemaNode;
}

export function responseSchema(spec: GithubSpec, pathTemplate: string, method: string, status: number): SchemaNode | undefined {
  let response = spec.paths[pathTemplate]?.[method.toLowerCase()]?.responses?.[String(status)] as
    | { $ref?: string; content?: Record<string, { schema?: SchemaNode }> }
    | undefined;
  if (response?.$ref) response = resolveRef(spec, response.$ref) as typeof response;
  return response?.content?.['application/json']?.schema;
}
