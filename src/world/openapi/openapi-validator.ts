import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { coerceParameterValue } from './coerce-parameter-value.js';
import { pointerFromTokens, tokensFromPointer, valueAtTokens } from './json-pointer.js';
import { createNormalizedSchemaStore } from './normalized-schema-store.js';
import {
  loadOpenApiDocument,
  type OpenApiDocument,
  type OpenApiSpecName,
} from './openapi-document-loader.js';
import { openApiFormats } from './openapi-formats.js';
import { OpenApiValidatorError } from './openapi-validator-error.js';
import { createRouteMatcher, type RouteTemplate } from './route-matcher.js';

export interface OpenApiOperation {
  /** Upper case, e.g. `POST`. */
  method: string;
  /** The documented template, e.g. `/repos/{owner}/{repo}/check-runs`. */
  pathTemplate: string;
  /** GitHub's operation id, e.g. `checks/create`. */
  operationId: string;
  /** Percent-decoded values, e.g. `{ owner: 'acme', repo: 'widgets', ref: 'heads/main' }`. */
  pathParams: Record<string, string>;
}

export interface ValidationIssue {
  where: 'path' | 'query' | 'body' | 'response';
  message: string;
}

export interface OpenApiValidator {
  /**
   * Finds the documented operation for a concrete request path (e.g. /repos/acme/widgets/check-runs),
   * with or without the GHES prefix `/api/v3`. Query string is not part of `path`. Returns undefined
   * if GitHub documents no such route.
   */
  match(method: string, path: string): OpenApiOperation | undefined;
  /**
   * Validates path params, query params and JSON body of a request against the operation.
   * `body` is the parsed JSON, or undefined when the request has no body. Query parameters the
   * operation does not document are reported too.
   */
  validateRequest(op: OpenApiOperation, query: URLSearchParams, body: unknown): ValidationIssue[];
  /**
   * Validates a response status and JSON body (undefined for no body) against the operation's
   * documented responses. A documented status is checked against its own schema. An undocumented
   * 4xx/5xx is accepted if its body has GitHub's error shape (see `GITHUB_ERROR_SCHEMA`); any other
   * undocumented status is an issue.
   */
  validateResponse(op: OpenApiOperation, status: number, body: unknown): ValidationIssue[];
}

export interface LoadOpenApiValidatorOptions {
  spec?: OpenApiSpecName;
  /** An already parsed description to use instead of reading `spec` (it is not modified). */
  document?: OpenApiDocument;
}

/**
 * GitHub answers 401 (bad credentials), 403 (e.g. "Resource not accessible by integration"),
 * 404 (hidden or missing), 422 and others on every route, yet documents them only on some
 * operations. So an error status an operation does not document must have the shape GitHub gives
 * every error: `{"message", "documentation_url", "status"}` (components/schemas/basic-error, with
 * `message` required because GitHub always sends it), plus `errors` on validation failures.
 * https://docs.github.com/en/rest/using-the-rest-api/troubleshooting-the-rest-api
 */
const GITHUB_ERROR_SCHEMA = {
  type: 'object',
  required: ['message'],
  properties: {
    message: { type: 'string' },
    documentation_url: { type: 'string' },
    status: { type: 'string' },
    errors: { type: 'array' },
  },
} as const;

const HTTP_METHODS = ['get', 'put', 'post', 'patch', 'delete', 'head', 'options', 'trace'] as const;

/** Follows at most this many `$ref` hops; GitHub's description needs one. */
const MAX_REF_HOPS = 8;

const loaded = new Map<OpenApiSpecName, Promise<OpenApiValidator>>();

/**
 * Loads the validator for GitHub's description. Loading from disk happens once per process and
 * spec (the promise is shared); schemas are compiled the first time an operation is validated.
 */
export function loadOpenApiValidator(
  options: LoadOpenApiValidatorOptions = {},
): Promise<OpenApiValidator> {
  const spec = options.spec ?? 'api.github.com';
  if (options.document) return Promise.resolve(createOpenApiValidator(options.document, spec));
  let validator = loaded.get(spec);
  if (!validator) {
    validator = loadOpenApiDocument(spec).then((document) =>
      createOpenApiValidator(document, spec),
    );
    loaded.set(spec, validator);
    validator.catch(() => loaded.delete(spec));
  }
  return validator;
}

interface OperationEntry {
  method: string;
  pathTemplate: string;
  operationId: string;
  /** Location of the Operation Object: `['paths', template, method]`. */
  tokens: string[];
  parameters: ParameterEntry[];
}

interface ParameterEntry {
  name: string;
  in: string;
  required: boolean;
  multiSegment: boolean;
  /** Location of the Parameter Object after following `$ref`s. */
  tokens: string[];
}

function createOpenApiValidator(
  document: OpenApiDocument,
  spec: OpenApiSpecName,
): OpenApiValidator {
  const specId = `https://openapi.airlock.invalid/${spec}.json`;
  const store = createNormalizedSchemaStore(document);
  // Compiling is the first-use cost of an operation (GitHub's response schemas are large), so:
  // one function per referenced schema shared by every operation (`inlineRefs: false`), and no
  // code optimisation pass (`optimize: false`); together they roughly halve it, at no measurable
  // cost per validation. The description is trusted, so it is not checked against the meta-schema.
  const ajv = new Ajv({
    strict: false,
    allErrors: true,
    inlineRefs: false,
    code: { optimize: false },
    validateSchema: false,
    logger: false,
    formats: openApiFormats,
  });
  ajv.addSchema(store.root, specId);
  const validators = new Map<string, ValidateFunction>();
  const errorValidator = ajv.compile(GITHUB_ERROR_SCHEMA);

  const resolve = (tokens: string[]): { tokens: string[]; value: unknown } => {
    let value = valueAtTokens(document, tokens);
    for (
      let hop = 0;
      hop < MAX_REF_HOPS && isRecord(value) && typeof value.$ref === 'string';
      hop++
    ) {
      const target = tokensFromPointer(value.$ref);
      if (!target) break;
      tokens = target;
      value = valueAtTokens(document, tokens);
    }
    return { tokens, value };
  };
  const resolveSchema = (schema: unknown): unknown =>
    isRecord(schema) && typeof schema.$ref === 'string'
      ? resolve(tokensFromPointer(schema.$ref) ?? []).value
      : schema;

  const operations = new Map<string, OperationEntry>();
  for (const [pathTemplate, pathItem] of Object.entries(document.paths)) {
    for (const method of HTTP_METHODS) {
      const operation = pathItem[method];
      if (!isRecord(operation)) continue;
      const tokens = ['paths', pathTemplate, method];
      const entry: OperationEntry = {
        method: method.toUpperCase(),
        pathTemplate,
        operationId:
          typeof operation.operationId === 'string'
            ? operation.operationId
            : `${method} ${pathTemplate}`,
        tokens,
        parameters: collectParameters(
          pathItem.parameters,
          ['paths', pathTemplate, 'parameters'],
          operation.parameters,
          [...tokens, 'parameters'],
          resolve,
        ),
      };
      operations.set(`${entry.method} ${pathTemplate}`, entry);
    }
  }
  const routes: RouteTemplate[] = [...operations.values()].map((entry) => ({
    method: entry.method,
    pathTemplate: entry.pathTemplate,
    multiSegmentParams: entry.parameters
      .filter((parameter) => parameter.in === 'path' && parameter.multiSegment)
      .map((parameter) => parameter.name),
  }));
  const matcher = createRouteMatcher(routes);

  const validatorAt = (tokens: string[]): ValidateFunction => {
    const pointer = pointerFromTokens(tokens);
    let validate = validators.get(pointer);
    if (!validate) {
      store.materialize(pointer);
      try {
        validate = ajv.compile({ $ref: `${specId}${pointer}` });
      } catch (cause) {
        throw new OpenApiValidatorError(
          'schema_compile_failed',
          `cannot compile the schema at ${pointer} of ${spec}: ${String(cause)}`,
          { cause },
        );
      }
      validators.set(pointer, validate);
    }
    return validate;
  };

  const entryFor = (op: OpenApiOperation): OperationEntry => {
    const entry = operations.get(`${op.method.toUpperCase()} ${op.pathTemplate}`);
    if (!entry)
      throw new OpenApiValidatorError(
        'unknown_operation',
        `${op.method} ${op.pathTemplate} is not an operation of ${spec}`,
      );
    return entry;
  };

  return {
    match(method, path) {
      const found = matcher.match(method, path);
      if (!found) return undefined;
      const entry = operations.get(`${found.method} ${found.pathTemplate}`);
      return (
        entry && {
          method: entry.method,
          pathTemplate: entry.pathTemplate,
          operationId: entry.operationId,
          pathParams: found.pathParams,
        }
      );
    },

    validateRequest(op, query, body) {
      const entry = entryFor(op);
      const issues: ValidationIssue[] = [];
      for (const parameter of entry.parameters) {
        if (parameter.in !== 'path' && parameter.in !== 'query') continue;
        const values =
          parameter.in === 'path'
            ? op.pathParams[parameter.name] === undefined
              ? []
              : [op.pathParams[parameter.name]]
            : query.getAll(parameter.name);
        const label = `${parameter.in} parameter ${parameter.name}`;
        if (values.length === 0) {
          if (parameter.required)
            issues.push({ where: parameter.in, message: `${label} is required` });
          continue;
        }
        const schemaTokens = [...parameter.tokens, 'schema'];
        const value = coerceParameterValue(
          values,
          valueAtTokens(document, schemaTokens),
          resolveSchema,
        );
        const validate = validatorAt(schemaTokens);
        if (!validate(value)) issues.push(...describeErrors(parameter.in, label, validate.errors));
      }
      const documentedQuery = new Set(
        entry.parameters
          .filter((parameter) => parameter.in === 'query')
          .map((parameter) => parameter.name),
      );
      for (const name of new Set(query.keys())) {
        if (!documentedQuery.has(name))
          issues.push({
            where: 'query',
            message: `query parameter ${name} is not documented for ${entry.operationId}`,
          });
      }

      const requestBody = resolve([...entry.tokens, 'requestBody']);
      if (!isRecord(requestBody.value)) {
        if (body !== undefined)
          issues.push({ where: 'body', message: `${entry.operationId} takes no request body` });
      } else if (body === undefined) {
        if (requestBody.value.required === true)
          issues.push({ where: 'body', message: `${entry.operationId} requires a request body` });
      } else {
        const media = jsonMediaType(requestBody.value.content);
        if (media === undefined) {
          issues.push({
            where: 'body',
            message: `${entry.operationId} takes no JSON request body`,
          });
        } else {
          const validate = validatorAt([...requestBody.tokens, 'content', media, 'schema']);
          if (!validate(body)) issues.push(...describeErrors('body', 'body', validate.errors));
        }
      }
      return issues;
    },

    validateResponse(op, status, body) {
      const entry = entryFor(op);
      const response = resolve([...entry.tokens, 'responses', String(status)]);
      if (!isRecord(response.value)) {
        if (status >= 400) {
          return errorValidator(body)
            ? []
            : describeErrors(
                'response',
                `undocumented error status ${status} body (GitHub's error shape)`,
                errorValidator.errors,
              );
        }
        return [
          {
            where: 'response',
            message: `status ${status} is not documented for ${entry.operationId}`,
          },
        ];
      }
      const content = response.value.content;
      if (!isRecord(content) || Object.keys(content).length === 0) {
        return body === undefined
          ? []
          : [
              {
                where: 'response',
                message: `status ${status} of ${entry.operationId} documents no body`,
              },
            ];
      }
      const media = jsonMediaType(content);
      // A documented non-JSON answer (text/plain, application/octocat-stream) has no schema to check.
      if (media === undefined) return [];
      if (body === undefined)
        return [
          {
            where: 'response',
            message: `status ${status} of ${entry.operationId} documents a JSON body, got none`,
          },
        ];
      const validate = validatorAt([...response.tokens, 'content', media, 'schema']);
      return validate(body)
        ? []
        : describeErrors('response', `status ${status} body`, validate.errors);
    },
  };
}

/** Path-level parameters apply to every operation of the path unless the operation redefines them. */
function collectParameters(
  pathLevel: unknown,
  pathLevelTokens: string[],
  operationLevel: unknown,
  operationLevelTokens: string[],
  resolve: (tokens: string[]) => { tokens: string[]; value: unknown },
): ParameterEntry[] {
  const byKey = new Map<string, ParameterEntry>();
  for (const [list, listTokens] of [
    [pathLevel, pathLevelTokens],
    [operationLevel, operationLevelTokens],
  ] as const) {
    if (!Array.isArray(list)) continue;
    list.forEach((_, index) => {
      const { tokens, value } = resolve([...listTokens, String(index)]);
      if (!isRecord(value) || typeof value.name !== 'string' || typeof value.in !== 'string')
        return;
      byKey.set(`${value.in} ${value.name}`, {
        name: value.name,
        in: value.in,
        required: value.required === true,
        multiSegment: value['x-multi-segment'] === true,
        tokens,
      });
    });
  }
  return [...byKey.values()];
}

/** `application/json` if documented, else another JSON media type (`application/scim+json`). */
function jsonMediaType(content: unknown): string | undefined {
  if (!isRecord(content)) return undefined;
  if (isRecord(content['application/json'])) return 'application/json';
  return Object.keys(content).find((media) => /^application\/(?:[\w.-]+\+)?json$/.test(media));
}

function describeErrors(
  where: ValidationIssue['where'],
  label: string,
  errors: ErrorObject[] | null | undefined,
): ValidationIssue[] {
  const messages = new Set(
    (errors ?? []).map(
      (error) =>
        `${label}${error.instancePath} ${error.message ?? 'is invalid'}${errorDetail(error)}`,
    ),
  );
  return [...messages].map((message) => ({ where, message }));
}

function errorDetail(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  if (error.keyword === 'enum' && Array.isArray(params.allowedValues))
    return ` (${params.allowedValues.map((value) => JSON.stringify(value)).join(', ')})`;
  if (error.keyword === 'additionalProperties' && typeof params.additionalProperty === 'string')
    return ` (${params.additionalProperty})`;
  return '';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
