import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer } from 'node:net';
import { OpaRestBackend } from '../../src/policy/backends/opa-rest-backend.js';
import { EmbeddedPolicyBackend, inputDigest } from '../../src/policy/evaluate-policy.js';
import type { PolicyFiles } from '../../src/policy/load-policy-files.js';
import {
  defaultPolicyCases,
  loadDefaultPolicies,
  type PolicyCase,
} from '../policies/default-policy-cases.js';
import { startOpaRestTestServer, type OpaRestTestServer } from './opa-rest-test-server.js';

let files: PolicyFiles;
let cases: PolicyCase[];
let server: OpaRestTestServer;

beforeAll(async () => {
  files = await loadDefaultPolicies();
  cases = defaultPolicyCases(files);
  server = await startOpaRestTestServer(files.modules, files.data);
});

afterAll(async () => {
  await server.close();
});

/** Quick retries so failure paths finish fast; the logic under test is the same. */
const backend = (
  overrides: Partial<ConstructorParameters<typeof OpaRestBackend>[0]> = {},
): OpaRestBackend =>
  new OpaRestBackend({
    url: server.url,
    modules: files.modules,
    timeoutMs: 1000,
    deadlineMs: 3000,
    backoffMs: 5,
    ...overrides,
  } as ConstructorParameters<typeof OpaRestBackend>[0]);

const allowCase = (): PolicyCase =>
  cases.find((c) => c.pkg === 'sts' && c.name === 'allow_write_within_everything')!;

const closedPortUrl = async (): Promise<string> => {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
};

describe('OpaRestBackend against a server speaking OPA REST Data API', () => {
  it('gives the embedded evaluator decisions on every test input of the default policies', async () => {
    const rest = backend();
    const embedded = new EmbeddedPolicyBackend({ modules: files.modules, data: files.data });
    const pick = (d: {
      allow: boolean;
      deny: string[];
      policy_digest: string;
      input_digest: string;
      error?: unknown;
    }) => ({
      allow: d.allow,
      deny: d.deny,
      policy_digest: d.policy_digest,
      input_digest: d.input_digest,
      error: d.error,
    });
    let allowed = 0;
    for (const c of cases) {
      const request = { entrypoint: c.entrypoint, input: c.input };
      const [viaRest, inProcess] = [await rest.evaluate(request), await embedded.evaluate(request)];
      expect({ case: `${c.pkg}/${c.name}`, ...pick(viaRest) }).toEqual({
        case: `${c.pkg}/${c.name}`,
        ...pick(inProcess),
      });
      if (viaRest.allow) allowed++;
    }
    // Both outcomes occur, so agreement is not agreement on a constant.
    expect(allowed).toBeGreaterThan(0);
    expect(allowed).toBeLessThan(cases.length);
    expect(server.requests).toContain('/v1/data/airlock/sts');
    expect(server.requests).toContain('/v1/data/airlock/pr');
  });

  it('uses a caller-supplied policy digest and the embedded input digest', async () => {
    const c = allowCase();
    const d = await new OpaRestBackend({ url: server.url, policyDigest: 'f'.repeat(64) }).evaluate({
      entrypoint: 'data.airlock.sts',
      input: c.input,
    });
    expect(d).toMatchObject({
      allow: true,
      deny: [],
      policy_digest: 'f'.repeat(64),
      input_digest: inputDigest(c.input),
    });
  });

  it('with verifyPolicies, denies when the server holds other policies than the digest names', async () => {
    const input = allowCase().input;
    const same = await backend({ verifyPolicies: true }).evaluate({
      entrypoint: 'airlock.sts',
      input,
    });
    expect(same).toMatchObject({ allow: true, deny: [] });
    expect(server.requests).toContain('/v1/policies');

    const reviewed = files.modules.filter((m) => !m.file.endsWith('/push.rego'));
    const other = await backend({ modules: reviewed, verifyPolicies: true }).evaluate({
      entrypoint: 'airlock.sts',
      input,
    });
    expect(other).toMatchObject({ allow: false, error: { code: 'backend_policy_mismatch' } });
    expect(other.deny[0]).toMatch(
      new RegExp(
        `holds other policies \\(${files.modules.length} modules, digest [0-9a-f]{64}\\) than expected`,
      ),
    );
    // Without the check the same backend answers from whatever the server holds.
    expect(
      await backend({ modules: reviewed }).evaluate({ entrypoint: 'airlock.sts', input }),
    ).toMatchObject({ allow: true });
  });

  it('denies when the server is unreachable', async () => {
    const d = await backend({ url: await closedPortUrl(), maxAttempts: 2 }).evaluate({
      entrypoint: 'airlock.sts',
      input: allowCase().input,
    });
    expect(d.allow).toBe(false);
    expect(d.error?.code).toBe('backend_unreachable');
    expect(d.deny).toEqual([
      expect.stringMatching(
        /^policy error \(backend_unreachable\): cannot reach the OPA server at http:\/\/127\.0\.0\.1:\d+: ECONNREFUSED/,
      ),
    ]);
    expect(d.input_digest).toBe(inputDigest(allowCase().input));
  });

  it('denies on a 500 after retrying, and recovers when a retry succeeds', async () => {
    const before = server.requests.length;
    server.faults.push(
      { kind: 'status', status: 500 },
      { kind: 'status', status: 503 },
      { kind: 'status', status: 500 },
    );
    const d = await backend({ maxAttempts: 3 }).evaluate({
      entrypoint: 'airlock.sts',
      input: allowCase().input,
    });
    expect(d).toMatchObject({ allow: false, error: { code: 'backend_http_error' } });
    expect(d.deny[0]).toMatch(/answered 500 for \/v1\/data\/airlock\/sts: .*injected failure/);
    expect(server.requests.length - before).toBe(3);

    server.faults.push({ kind: 'status', status: 502 }, { kind: 'reset' });
    expect(
      await backend({ maxAttempts: 3 }).evaluate({
        entrypoint: 'airlock.sts',
        input: allowCase().input,
      }),
    ).toMatchObject({ allow: true, deny: [] });
  });

  it('does not retry a 4xx: the request itself is wrong', async () => {
    const before = server.requests.length;
    server.faults.push({
      kind: 'status',
      status: 400,
      body: '{"code":"invalid_parameter","message":"bad input"}',
    });
    const d = await backend({ maxAttempts: 3 }).evaluate({
      entrypoint: 'airlock.sts',
      input: allowCase().input,
    });
    expect(d).toMatchObject({ allow: false, error: { code: 'backend_http_error' } });
    expect(server.requests.length - before).toBe(1);
  });

  it('denies on a timeout, and the deadline bounds the retries', async () => {
    server.faults.push({ kind: 'hang' });
    const once = await backend({ timeoutMs: 100, maxAttempts: 1 }).evaluate({
      entrypoint: 'airlock.sts',
      input: allowCase().input,
    });
    expect(once).toMatchObject({ allow: false, error: { code: 'backend_timeout' } });
    expect(once.deny[0]).toMatch(/did not answer within 100 ms/);

    const before = server.requests.length;
    server.faults.push(...Array.from({ length: 50 }, () => ({ kind: 'hang' as const })));
    const bounded = await backend({ timeoutMs: 100, deadlineMs: 250, maxAttempts: 50 }).evaluate({
      entrypoint: 'airlock.sts',
      input: allowCase().input,
    });
    expect(bounded).toMatchObject({ allow: false, error: { code: 'backend_timeout' } });
    // 250 ms of 100 ms attempts cannot hold more than 3 of the 50 allowed.
    expect(server.requests.length - before).toBeLessThanOrEqual(3);
    server.faults.length = 0;
  });

  it('denies an undefined result (a package the server does not have)', async () => {
    const d = await backend().evaluate({ entrypoint: 'airlock.nope', input: allowCase().input });
    expect(d).toMatchObject({ allow: false, error: { code: 'backend_undefined_result' } });
    expect(d.deny[0]).toMatch(/data\.airlock\.nope is undefined on the OPA server/);
  });

  it('denies malformed answers and an entrypoint that is not a package path', async () => {
    const input = allowCase().input;
    const answers: [string, RegExp][] = [
      ['not json', /is not JSON/],
      ['[1]', /is not a JSON object/],
      ['{"result": true}', /is not a package document/],
      ['{"result": {"allow": "true", "deny": []}}', /allow must be true or false/],
      ['{"result": {"allow": true, "deny": "nope"}}', /deny must be a set or array/],
    ];
    for (const [body, message] of answers) {
      server.faults.push({ kind: 'body', body });
      const d = await backend().evaluate({ entrypoint: 'airlock.sts', input });
      expect({
        body,
        allow: d.allow,
        code: d.error?.code,
        message: message.test(d.deny[0] ?? ''),
      }).toEqual({ body, allow: false, code: 'backend_malformed_result', message: true });
    }
    server.faults.push({
      kind: 'body',
      body: `{"result": {"allow": true, "deny": ["x"], "extra": ${'1'.repeat(2000)}}}`,
    });
    expect(
      (await backend({ maxResponseBytes: 1000 }).evaluate({ entrypoint: 'airlock.sts', input }))
        .error?.code,
    ).toBe('backend_malformed_result');

    const before = server.requests.length;
    for (const entrypoint of ['airlock.sts?debug=true', 'airlock/sts#x', '']) {
      const bad = await backend().evaluate({ entrypoint, input });
      expect({ entrypoint, allow: bad.allow, code: bad.error?.code }).toEqual({
        entrypoint,
        allow: false,
        code: 'backend_invalid_request',
      });
    }
    expect(server.requests.length).toBe(before);
  });

  it('reads deny the way the embedded backend does: non-string messages as canonical JSON, sorted', async () => {
    server.faults.push({
      kind: 'body',
      body: '{"result": {"allow": true, "deny": ["b", {"z": 1, "a": 2}, "a"]}}',
    });
    expect(await backend().evaluate({ entrypoint: 'airlock.sts', input: {} })).toMatchObject({
      allow: false,
      deny: ['a', 'b', '{"a":2,"z":1}'],
    });
  });
});
