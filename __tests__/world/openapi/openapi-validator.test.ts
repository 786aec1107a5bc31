import { beforeAll, describe, expect, it } from '@jest/globals';
import {
  loadOpenApiDocument,
  type OpenApiDocument,
} from '../../../src/world/openapi/openapi-document-loader.js';
import {
  loadOpenApiValidator,
  type OpenApiOperation,
  type OpenApiValidator,
} from '../../../src/world/openapi/openapi-validator.js';
import { OpenApiValidatorError } from '../../../src/world/openapi/openapi-validator-error.js';

let document: OpenApiDocument;
let validator: OpenApiValidator;

beforeAll(async () => {
  document = await loadOpenApiDocument('api.github.com');
  validator = await loadOpenApiValidator({ document });
});

/** A documented example from GitHub's description, e.g. `check-run-example-of-completed-conclusion`. */
function example(name: string): unknown {
  const examples = document.components?.examples as Record<string, { value: unknown }>;
  return structuredClone(examples[name].value);
}

function matched(method: string, path: string): OpenApiOperation {
  const op = validator.match(method, path);
  if (!op) throw new Error(`${method} ${path} did not match`);
  return op;
}

const SHA = 'c0ffee0000000000000000000000000000000001';

// Every route the GitHub stand-in serves: [method, concrete path, template, path params].
const ROUTES: [string, string, string, Record<string, string>][] = [
  ['GET', '/app', '/app', {}],
  [
    'GET',
    '/repos/acme/widgets/installation',
    '/repos/{owner}/{repo}/installation',
    { owner: 'acme', repo: 'widgets' },
  ],
  ['GET', '/orgs/acme/installation', '/orgs/{org}/installation', { org: 'acme' }],
  [
    'POST',
    '/app/installations/42/access_tokens',
    '/app/installations/{installation_id}/access_tokens',
    { installation_id: '42' },
  ],
  ['DELETE', '/installation/token', '/installation/token', {}],
  ['GET', '/installation/repositories', '/installation/repositories', {}],
  ['GET', '/repos/acme/widgets', '/repos/{owner}/{repo}', { owner: 'acme', repo: 'widgets' }],
  [
    'GET',
    '/repos/acme/widgets/contents/.github/airlock/agent.sts.yaml',
    '/repos/{owner}/{repo}/contents/{path}',
    { owner: 'acme', repo: 'widgets', path: '.github/airlock/agent.sts.yaml' },
  ],
  [
    'GET',
    '/repos/acme/widgets/contents/.github%2Fairlock%2Fagent.sts.yaml',
    '/repos/{owner}/{repo}/contents/{path}',
    { owner: 'acme', repo: 'widgets', path: '.github/airlock/agent.sts.yaml' },
  ],
  [
    'POST',
    '/repos/acme/widgets/check-runs',
    '/repos/{owner}/{repo}/check-runs',
    { owner: 'acme', repo: 'widgets' },
  ],
  [
    'PATCH',
    '/repos/acme/widgets/check-runs/7',
    '/repos/{owner}/{repo}/check-runs/{check_run_id}',
    { owner: 'acme', repo: 'widgets', check_run_id: '7' },
  ],
  [
    'GET',
    `/repos/acme/widgets/commits/${SHA}/check-runs`,
    '/repos/{owner}/{repo}/commits/{ref}/check-runs',
    { owner: 'acme', repo: 'widgets', ref: SHA },
  ],
  [
    'POST',
    '/repos/acme/widgets/issues',
    '/repos/{owner}/{repo}/issues',
    { owner: 'acme', repo: 'widgets' },
  ],
  [
    'POST',
    '/repos/acme/widgets/issues/3/comments',
    '/repos/{owner}/{repo}/issues/{issue_number}/comments',
    { owner: 'acme', repo: 'widgets', issue_number: '3' },
  ],
  [
    'GET',
    '/repos/acme/widgets/pulls/5',
    '/repos/{owner}/{repo}/pulls/{pull_number}',
    { owner: 'acme', repo: 'widgets', pull_number: '5' },
  ],
  [
    'GET',
    '/repos/acme/widgets/pulls/5/files',
    '/repos/{owner}/{repo}/pulls/{pull_number}/files',
    { owner: 'acme', repo: 'widgets', pull_number: '5' },
  ],
  [
    'GET',
    '/repos/acme/widgets/pulls/5/reviews',
    '/repos/{owner}/{repo}/pulls/{pull_number}/reviews',
    { owner: 'acme', repo: 'widgets', pull_number: '5' },
  ],
  [
    'GET',
    '/repos/acme/widgets/collaborators/octocat/permission',
    '/repos/{owner}/{repo}/collaborators/{username}/permission',
    { owner: 'acme', repo: 'widgets', username: 'octocat' },
  ],
  [
    'GET',
    '/repos/acme/widgets/rulesets',
    '/repos/{owner}/{repo}/rulesets',
    { owner: 'acme', repo: 'widgets' },
  ],
  [
    'POST',
    '/repos/acme/widgets/rulesets',
    '/repos/{owner}/{repo}/rulesets',
    { owner: 'acme', repo: 'widgets' },
  ],
  [
    'GET',
    '/repos/acme/widgets/rulesets/9',
    '/repos/{owner}/{repo}/rulesets/{ruleset_id}',
    { owner: 'acme', repo: 'widgets', ruleset_id: '9' },
  ],
  [
    'PUT',
    '/repos/acme/widgets/rulesets/9',
    '/repos/{owner}/{repo}/rulesets/{ruleset_id}',
    { owner: 'acme', repo: 'widgets', ruleset_id: '9' },
  ],
  [
    'DELETE',
    '/repos/acme/widgets/rulesets/9',
    '/repos/{owner}/{repo}/rulesets/{ruleset_id}',
    { owner: 'acme', repo: 'widgets', ruleset_id: '9' },
  ],
  [
    'GET',
    '/repos/acme/widgets/branches/main/protection',
    '/repos/{owner}/{repo}/branches/{branch}/protection',
    { owner: 'acme', repo: 'widgets', branch: 'main' },
  ],
  [
    'PUT',
    '/repos/acme/widgets/branches/main/protection',
    '/repos/{owner}/{repo}/branches/{branch}/protection',
    { owner: 'acme', repo: 'widgets', branch: 'main' },
  ],
  [
    'DELETE',
    '/repos/acme/widgets/branches/main/protection',
    '/repos/{owner}/{repo}/branches/{branch}/protection',
    { owner: 'acme', repo: 'widgets', branch: 'main' },
  ],
  [
    'GET',
    '/repos/acme/widgets/git/ref/heads/main',
    '/repos/{owner}/{repo}/git/ref/{ref}',
    { owner: 'acme', repo: 'widgets', ref: 'heads/main' },
  ],
  [
    'GET',
    '/repos/acme/widgets/git/ref/heads%2Fmain',
    '/repos/{owner}/{repo}/git/ref/{ref}',
    { owner: 'acme', repo: 'widgets', ref: 'heads/main' },
  ],
  [
    'PATCH',
    '/repos/acme/widgets/git/refs/heads/main',
    '/repos/{owner}/{repo}/git/refs/{ref}',
    { owner: 'acme', repo: 'widgets', ref: 'heads/main' },
  ],
  [
    'POST',
    '/repos/acme/widgets/git/refs',
    '/repos/{owner}/{repo}/git/refs',
    { owner: 'acme', repo: 'widgets' },
  ],
  [
    'POST',
    '/repos/acme/widgets/attestations',
    '/repos/{owner}/{repo}/attestations',
    { owner: 'acme', repo: 'widgets' },
  ],
  [
    'GET',
    '/repos/acme/widgets/pulls',
    '/repos/{owner}/{repo}/pulls',
    { owner: 'acme', repo: 'widgets' },
  ],
  [
    'GET',
    '/orgs/acme/teams/reviewers/memberships/octocat',
    '/orgs/{org}/teams/{team_slug}/memberships/{username}',
    { org: 'acme', team_slug: 'reviewers', username: 'octocat' },
  ],
];

describe('match', () => {
  it.each(ROUTES)('%s %s is %s', (method, path, pathTemplate, pathParams) => {
    const op = validator.match(method, path);
    expect(op).toMatchObject({ method, pathTemplate, pathParams });
    expect(op?.operationId).toEqual(expect.any(String));
  });

  it('serves the same routes under the GHES prefix /api/v3', () => {
    expect(validator.match('GET', '/api/v3/app')).toEqual({
      method: 'GET',
      pathTemplate: '/app',
      operationId: 'apps/get-authenticated',
      pathParams: {},
    });
    expect(validator.match('post', '/api/v3/repos/acme/widgets/check-runs')?.operationId).toBe(
      'checks/create',
    );
  });

  it('returns undefined for routes GitHub does not document', () => {
    expect(validator.match('GET', '/_world/state')).toBeUndefined();
    expect(validator.match('POST', '/app')).toBeUndefined();
    expect(validator.match('GET', '/repos/acme/widgets/check-runs/7/nonsense')).toBeUndefined();
    expect(validator.match('GET', '/api/v4/app')).toBeUndefined();
  });

  it('lets a multi-segment ref in the middle of a path span slashes', () => {
    expect(
      validator.match('GET', '/repos/acme/widgets/commits/feature/x/check-runs'),
    ).toMatchObject({
      pathTemplate: '/repos/{owner}/{repo}/commits/{ref}/check-runs',
      pathParams: { ref: 'feature/x' },
    });
  });
});

describe('validateRequest', () => {
  it('accepts a well-formed create-check-run body', () => {
    const op = matched('POST', '/repos/acme/widgets/check-runs');
    expect(
      validator.validateRequest(op, new URLSearchParams(), {
        name: 'Airlock',
        head_sha: SHA,
        status: 'completed',
        conclusion: 'failure',
        output: { title: 'Blocked', summary: 'agent pushed to main' },
      }),
    ).toEqual([]);
  });

  it.each([
    [
      'an unknown conclusion',
      { name: 'Airlock', head_sha: SHA, conclusion: 'maybe' },
      /conclusion must be equal to one of the allowed values/,
    ],
    ['no name', { head_sha: SHA }, /must have required property 'name'/],
    ['a numeric head_sha', { name: 'Airlock', head_sha: 1234 }, /head_sha must be string/],
  ])('reports a create-check-run body with %s', (_, body, message) => {
    const issues = validator.validateRequest(
      matched('POST', '/repos/acme/widgets/check-runs'),
      new URLSearchParams(),
      body,
    );
    expect(issues).toEqual([
      expect.objectContaining({ where: 'body', message: expect.stringMatching(message) }),
    ]);
  });

  it('checks access-token narrowing bodies', () => {
    const op = matched('POST', '/app/installations/42/access_tokens');
    expect(
      validator.validateRequest(op, new URLSearchParams(), {
        permissions: { contents: 'read' },
        repositories: ['widgets'],
        repository_ids: [7],
      }),
    ).toEqual([]);
    expect(validator.validateRequest(op, new URLSearchParams(), undefined)).toEqual([]);
    expect(
      validator.validateRequest(op, new URLSearchParams(), { permissions: { contents: 'admin' } }),
    ).toEqual([
      {
        where: 'body',
        message: expect.stringContaining(
          'body/permissions/contents must be equal to one of the allowed values',
        ),
      },
    ]);
    expect(
      validator.validateRequest(op, new URLSearchParams(), { repository_ids: ['widgets'] }),
    ).toEqual([{ where: 'body', message: 'body/repository_ids/0 must be integer' }]);
  });

  it('requires a body where GitHub does and refuses one where it takes none', () => {
    expect(
      validator.validateRequest(
        matched('POST', '/repos/acme/widgets/issues'),
        new URLSearchParams(),
        undefined,
      ),
    ).toEqual([{ where: 'body', message: 'issues/create requires a request body' }]);
    expect(
      validator.validateRequest(matched('DELETE', '/installation/token'), new URLSearchParams(), {
        token: 'x',
      }),
    ).toEqual([
      { where: 'body', message: 'apps/revoke-installation-access-token takes no request body' },
    ]);
    expect(
      validator.validateRequest(
        matched('DELETE', '/installation/token'),
        new URLSearchParams(),
        undefined,
      ),
    ).toEqual([]);
  });

  it('accepts null for the nullable required members of a branch protection update', () => {
    const op = matched('PUT', '/repos/acme/widgets/branches/main/protection');
    const body = {
      required_status_checks: null,
      enforce_admins: null,
      required_pull_request_reviews: null,
      restrictions: null,
    };
    expect(validator.validateRequest(op, new URLSearchParams(), body)).toEqual([]);
    expect(
      validator.validateRequest(op, new URLSearchParams(), { ...body, enforce_admins: 'yes' }),
    ).toEqual([
      expect.objectContaining({
        where: 'body',
        message: expect.stringContaining('enforce_admins must be boolean,null'),
      }),
    ]);
  });

  it('coerces and checks path parameters', () => {
    expect(
      validator.validateRequest(
        matched('PATCH', '/repos/acme/widgets/check-runs/7'),
        new URLSearchParams(),
        { status: 'in_progress' },
      ),
    ).toEqual([]);
    expect(
      validator.validateRequest(
        matched('PATCH', '/repos/acme/widgets/check-runs/seven'),
        new URLSearchParams(),
        { status: 'in_progress' },
      ),
    ).toEqual([{ where: 'path', message: 'path parameter check_run_id must be integer' }]);
  });

  it('coerces and checks query parameters, and reports undocumented ones', () => {
    const op = matched('GET', '/repos/acme/widgets/pulls');
    expect(
      validator.validateRequest(
        op,
        new URLSearchParams('head=acme:feature&state=open&per_page=50'),
        undefined,
      ),
    ).toEqual([]);
    expect(
      validator.validateRequest(
        op,
        new URLSearchParams('state=merged&per_page=many&colour=red'),
        undefined,
      ),
    ).toEqual([
      {
        where: 'query',
        message: expect.stringContaining(
          'query parameter state must be equal to one of the allowed values',
        ),
      },
      { where: 'query', message: 'query parameter per_page must be integer' },
      { where: 'query', message: 'query parameter colour is not documented for pulls/list' },
    ]);
    expect(
      validator.validateRequest(
        matched('GET', '/repos/acme/widgets/contents/README.md'),
        new URLSearchParams('ref=main'),
        undefined,
      ),
    ).toEqual([]);
  });

  it("accepts GitHub's own documented request examples", () => {
    const op = matched('PUT', '/repos/acme/widgets/branches/main/protection');
    const body = (
      document.paths['/repos/{owner}/{repo}/branches/{branch}/protection'].put as {
        requestBody: { content: Record<string, { examples: Record<string, { value: unknown }> }> };
      }
    ).requestBody.content['application/json'].examples.default.value;
    expect(validator.validateRequest(op, new URLSearchParams(), body)).toEqual([]);
  });

  it('refuses operations that did not come from match', () => {
    const op: OpenApiOperation = {
      method: 'GET',
      pathTemplate: '/nowhere',
      operationId: 'x',
      pathParams: {},
    };
    expect(() => validator.validateRequest(op, new URLSearchParams(), undefined)).toThrow(
      OpenApiValidatorError,
    );
  });
});

describe('validateResponse', () => {
  const createCheckRun = (): OpenApiOperation => matched('POST', '/repos/acme/widgets/check-runs');

  it("accepts GitHub's documented check run and reports one without an id", () => {
    const checkRun = example('check-run-example-of-completed-conclusion') as Record<
      string,
      unknown
    >;
    expect(validator.validateResponse(createCheckRun(), 201, checkRun)).toEqual([]);
    delete checkRun.id;
    expect(validator.validateResponse(createCheckRun(), 201, checkRun)).toEqual([
      { where: 'response', message: "status 201 body must have required property 'id'" },
    ]);
  });

  it('checks formats and nullable members', () => {
    const checkRun = example('check-run-example-of-completed-conclusion') as Record<
      string,
      unknown
    >;
    expect(
      validator.validateResponse(createCheckRun(), 201, {
        ...checkRun,
        completed_at: null,
        details_url: null,
      }),
    ).toEqual([]);
    expect(
      validator.validateResponse(createCheckRun(), 201, { ...checkRun, started_at: 'yesterday' }),
    ).toEqual([
      { where: 'response', message: 'status 201 body/started_at must match format "date-time"' },
    ]);
    const app = example('integration') as Record<string, unknown>;
    expect(validator.validateResponse(matched('GET', '/app'), 200, app)).toEqual([]);
    expect(
      validator.validateResponse(matched('GET', '/app'), 200, { ...app, html_url: 'not a url' }),
    ).toEqual([{ where: 'response', message: 'status 200 body/html_url must match format "uri"' }]);
  });

  it('accepts each documented kind of content (GitHub documents them as a oneOf)', () => {
    const op = matched('GET', '/repos/acme/widgets/contents/README.md');
    for (const name of [
      'content-file-response-if-content-is-a-file',
      'content-file-response-if-content-is-a-directory',
      'content-file-response-if-content-is-a-symlink',
      'content-file-response-if-content-is-a-submodule',
    ]) {
      expect(validator.validateResponse(op, 200, example(name))).toEqual([]);
    }
    expect(
      validator.validateResponse(op, 200, { type: 'file', name: 'README.md' }).length,
    ).toBeGreaterThan(0);
  });

  it('checks the installation token answer', () => {
    const op = matched('POST', '/app/installations/42/access_tokens');
    const token = example('installation-token') as Record<string, unknown>;
    expect(validator.validateResponse(op, 201, token)).toEqual([]);
    expect(validator.validateResponse(op, 201, { ...token, expires_at: 1700000000 })).toEqual([
      { where: 'response', message: 'status 201 body/expires_at must be string' },
    ]);
  });

  it('wants no body for a documented 204 and refuses undocumented success statuses', () => {
    const revoke = matched('DELETE', '/installation/token');
    expect(validator.validateResponse(revoke, 204, undefined)).toEqual([]);
    expect(validator.validateResponse(revoke, 204, { ok: true })).toEqual([
      {
        where: 'response',
        message: 'status 204 of apps/revoke-installation-access-token documents no body',
      },
    ]);
    expect(validator.validateResponse(revoke, 200, {})).toEqual([
      {
        where: 'response',
        message: 'status 200 is not documented for apps/revoke-installation-access-token',
      },
    ]);
    expect(validator.validateResponse(createCheckRun(), 201, undefined)).toEqual([
      { where: 'response', message: 'status 201 of checks/create documents a JSON body, got none' },
    ]);
  });

  it("accepts any error status with GitHub's error shape, documented or not", () => {
    const getApp = matched('GET', '/app');
    const error = {
      message: 'Resource not accessible by integration',
      documentation_url: 'https://docs.github.com/rest',
      status: '403',
    };
    // GET /app documents no 403; GitHub still answers it on every route.
    expect(validator.validateResponse(getApp, 403, error)).toEqual([]);
    expect(validator.validateResponse(getApp, 401, { message: 'Bad credentials' })).toEqual([]);
    expect(validator.validateResponse(getApp, 403, { error: 'forbidden' })).toEqual([
      {
        where: 'response',
        message:
          "undocumented error status 403 body (GitHub's error shape) must have required property 'message'",
      },
    ]);
    // POST /repos/{owner}/{repo}/attestations documents 422 as validation-error, which requires documentation_url.
    expect(
      validator.validateResponse(matched('POST', '/repos/acme/widgets/attestations'), 422, {
        message: 'Validation Failed',
      }),
    ).toEqual([
      {
        where: 'response',
        message: "status 422 body must have required property 'documentation_url'",
      },
    ]);
  });

  it('leaves the shared description untouched', () => {
    const schemas = document.components?.schemas as Record<
      string,
      { properties: Record<string, Record<string, unknown>> }
    >;
    expect(schemas['check-run'].properties.details_url).toMatchObject({
      type: 'string',
      nullable: true,
    });
  });
});

describe('loadOpenApiValidator', () => {
  it('loads the installed description once per process', async () => {
    const first = loadOpenApiValidator();
    expect(loadOpenApiValidator({ spec: 'api.github.com' })).toBe(first);
    expect((await first).match('GET', '/app')?.operationId).toBe('apps/get-authenticated');
  });
});
