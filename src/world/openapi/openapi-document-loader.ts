import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { OpenApiValidatorError } from './openapi-validator-error.js';

/** The descriptions this loader knows; `@octokit/openapi` also ships GHEC and GHES ones. */
export type OpenApiSpecName = 'api.github.com';

/** The parts of an OpenAPI 3.0 document the validator reads. */
export interface OpenApiDocument {
  paths: Record<string, Record<string, unknown>>;
  components?: Record<string, unknown>;
}

/**
 * Reads GitHub's OpenAPI description from `@octokit/openapi` (a dev dependency, kept out of the
 * bundle by esbuild). The `$ref` form (13 MB), not the dereferenced one (73 MB): parsing is the
 * bulk of the start-up cost, and `$ref`s let Ajv compile each shared schema once.
 */
export async function loadOpenApiDocument(spec: OpenApiSpecName): Promise<OpenApiDocument> {
  let packageJson: string;
  try {
    packageJson = createRequire(import.meta.url).resolve('@octokit/openapi/package.json');
  } catch (cause) {
    throw new OpenApiValidatorError(
      'spec_not_installed',
      "GitHub's OpenAPI description (@octokit/openapi, a dev dependency) is not installed: run `npm ci` in the Airlock checkout",
      { cause },
    );
  }
  const file = join(dirname(packageJson), 'generated', `${spec}.json`);
  let document: unknown;
  try {
    document = JSON.parse(await readFile(file, 'utf8'));
  } catch (cause) {
    throw new OpenApiValidatorError(
      'spec_unreadable',
      `cannot read GitHub's OpenAPI description ${file}: run \`npm ci\``,
      { cause },
    );
  }
  if (!isOpenApiDocument(document))
    throw new OpenApiValidatorError(
      'spec_unreadable',
      `${file} is not an OpenAPI document (no "paths")`,
    );
  return document;
}

function isOpenApiDocument(value: unknown): value is OpenApiDocument {
  if (value === null || typeof value !== 'object') return false;
  const paths = (value as { paths?: unknown }).paths;
  return paths !== null && typeof paths === 'object';
}
