import type { GithubSpec } from './github-spec.js';
import type { SchemaNode } from './schema-fill.js';

/**
 * Where GitHub answers outside its published description, the world's copy of the description is
 * amended, so the stand-in can answer as GitHub does and every answer is still validated (and
 * completed by schema-fill.ts) against it. Each amendment names its evidence and fails loudly when
 * the description no longer has the shape it amends, so an update of @octokit/openapi is noticed.
 */
export function amendGithubSpec(spec: GithubSpec): GithubSpec {
  allowBundleByReference(spec);
  return spec;
}

/**
 * Attestation lists answer `"bundle": null` plus a `bundle_url` since 2026-07-16, for every API
 * version (https://github.com/terraform-linters/tflint/pull/2593, https://github.com/denoland/clawpatrol/issues/769).
 * The description (@octokit/openapi 23.0.2) already documents `bundle_url` and, for the org list
 * only, a nullable `bundle`; the repository and user lists (and the bulk lists) still say `bundle`
 * is an object. Here `bundle` becomes nullable wherever an attestation list describes it, and
 * `bundle_url` a string where it is missing.
 */
function allowBundleByReference(spec: GithubSpec): void {
  const repoList = '/repos/{owner}/{repo}/attestations/{subject_digest}';
  let amended = 0;
  for (const [path, item] of Object.entries(spec.paths)) {
    if (!path.includes('/attestations/')) continue;
    for (const operation of Object.values(item)) {
      const schema = operation.responses?.['200']?.content?.['application/json']?.schema;
      for (const entry of attestationEntries(schema)) {
        const bundle = entry.properties?.bundle;
        if (!bundle) continue;
        bundle.nullable = true;
        entry.properties!.bundle_url ??= { type: 'string' };
        if (path === repoList) amended++;
      }
    }
  }
  if (amended === 0) throw new Error(`world: GitHub's description no longer describes attestations under ${repoList} as github-spec-amendments.ts expects; update the amendment`);
}

/** The attestation objects of a list answer: `attestations[]`, or the bulk list's `attestations_subject_digests.*[]`. */
function attestationEntries(schema: SchemaNode | undefined): SchemaNode[] {
  const list = schema?.properties?.attestations?.items;
  const bulk = (schema?.properties?.attestations_subject_digests as (SchemaNode & { additionalProperties?: SchemaNode }) | undefined)?.additionalProperties?.items;
  return [list, bulk].filter((node): node is SchemaNode => node !== undefined);
}
