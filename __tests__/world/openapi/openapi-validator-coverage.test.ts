import { beforeAll, describe, expect, it } from '@jest/globals';
import {
  loadOpenApiDocument,
  type OpenApiDocument,
} from '../../../src/world/openapi/openapi-document-loader.js';
import {
  loadOpenApiValidator,
  type OpenApiValidator,
} from '../../../src/world/openapi/openapi-validator.js';

// Whole-description checks: they catch an @octokit/openapi upgrade this validator cannot handle.

let document: OpenApiDocument;
let validator: OpenApiValidator;

interface Operation {
  method: string;
  pathTemplate: string;
  responses: string[];
  multiSegment: Set<string>;
}

const operations: Operation[] = [];

beforeAll(async () => {
  document = await loadOpenApiDocument('api.github.com');
  validator = await loadOpenApiValidator({ document });
  const parameter = (
    entry: unknown,
  ): { in?: string; name?: string; 'x-multi-segment'?: boolean } => {
    const ref = (entry as { $ref?: string }).$ref;
    return (
      ref
        ? (document.components?.parameters as Record<string, unknown>)[ref.split('/').pop() ?? '']
        : entry
    ) as { in?: string; name?: string };
  };
  for (const [pathTemplate, item] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(
      item as Record<string, { responses: Record<string, unknown>; parameters?: unknown[] }>,
    )) {
      const multiSegment = new Set(
        (operation.parameters ?? [])
          .map(parameter)
          .filter((p) => p.in === 'path' && p['x-multi-segment'] === true)
          .map((p) => p.name ?? ''),
      );
      operations.push({
        method: method.toUpperCase(),
        pathTemplate,
        responses: Object.keys(operation.responses),
        multiSegment,
      });
    }
  }
});

describe("the whole of GitHub's description", () => {
  it('has every route template match itself, multi-segment parameters with unencoded slashes', () => {
    const wrong: string[] = [];
    for (const { method, pathTemplate, multiSegment } of operations) {
      const path = pathTemplate.replace(/\{([^}]+)\}/g, (_, name: string) =>
        multiSegment.has(name) ? 'feature/x' : 'v1',
      );
      const found = validator.match(method, path);
      if (found?.pathTemplate !== pathTemplate)
        wrong.push(`${method} ${path} -> ${found?.pathTemplate}`);
    }
    expect(operations.length).toBeGreaterThan(1000);
    expect(
      operations.filter((operation) => operation.multiSegment.size > 0).length,
    ).toBeGreaterThan(50);
    expect(wrong).toEqual([]);
  });

  it('compiles the request and every documented response schema of every operation', () => {
    for (const { method, pathTemplate, responses } of operations) {
      const op = { method, pathTemplate, operationId: '', pathParams: {} };
      expect(() => {
        validator.validateRequest(op, new URLSearchParams(), {});
        for (const status of responses) validator.validateResponse(op, Number(status), {});
      }).not.toThrow();
    }
  });
});
