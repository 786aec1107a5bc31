import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from '@jest/globals';
import { pino } from 'pino';
import { ProbotOctokit } from 'probot';
import { createAppMetrics } from '../../app/metrics/app-metrics.js';
import { decisionOf, withoutSecrets } from '../../app/metrics/audit-mirror.js';
import { githubMetricsPlugin, githubRoute } from '../../app/metrics/github-metrics-plugin.js';
import { oneNamePerLine } from '../../app/metrics/one-name-logger.js';
import { logRequests, routeOf } from '../../app/metrics/request-log.js';
import { parseStrictJson } from '../support/strict-json.js';

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await new Promise((resolve) => server.close(resolve));
});

async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<string> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const capture = () => {
  const lines: string[] = [];
  return { lines, write: (line: string) => void lines.push(line) };
};

describe('one name per log line', () => {
  it("pino alone repeats Probot's names (strict JSON rejects the line); oneNamePerLine writes each key once", () => {
    const plain = capture();
    pino({}, plain).child({ name: 'probot' }).child({ name: 'event', id: 'd-1' }).info('received');
    expect(() => parseStrictJson(plain.lines[0]!)).toThrow(/duplicate name "name"/);

    const fixed = capture();
    const app = oneNamePerLine(pino({ level: 'debug' }, fixed), { name: 'airlock' });
    app.info('started');
    const event = app.child({ name: 'probot' }).child({ name: 'event', id: 'd-1' });
    event.info('received');
    // Probot's request logging: a request body (a check run, with its own `name`) as the fields.
    event.child({ name: 'octokit' }).debug({ name: 'Airlock', head_sha: 'abc', id: 7, time: 'now', msg: 'body' }, 'POST /repos/{owner}/{repo}/check-runs');
    const records = fixed.lines.map((line) => parseStrictJson(line) as Record<string, unknown>);
    expect(records.map((r) => r.name)).toEqual(['airlock', 'event', 'octokit']);
    expect(records[1]).toMatchObject({ id: 'd-1', msg: 'received' });
    expect(records[2]).toMatchObject({ name: 'octokit', id: 'd-1', head_sha: 'abc', msg: 'POST /repos/{owner}/{repo}/check-runs', fields: { name: 'Airlock', id: 7, time: 'now', msg: 'body' } });
    expect(typeof records[2]!.time).toBe('number');
  });

  it('parseStrictJson finds a duplicate at any depth and accepts what JSON.parse accepts', () => {
    expect(() => parseStrictJson('{"a":[{"b":1,"c":{"d":1,"d":2}}]}')).toThrow(/duplicate name "d"/);
    expect(() => parseStrictJson('{"a":1} x')).toThrow(/trailing text/);
    expect(parseStrictJson('{"a":[1,-2.5e3,"x\\"y",true,null,{}],"b":{"a":1}}')).toEqual({ a: [1, -2500, 'x"y', true, null, {}], b: { a: 1 } });
  });
});

describe('GitHub calls and rate limit', () => {
  it('counts each request by method, route template and status and keeps x-ratelimit-remaining per resource', async () => {
    const base = await serve((req, res) => {
      if (req.url === '/repos/acme/widgets/pulls/7') {
        res.writeHead(200, { 'content-type': 'application/json', 'x-ratelimit-remaining': '4321', 'x-ratelimit-resource': 'core' });
        return res.end('{}');
      }
      if (req.url === '/graphql') {
        res.writeHead(200, { 'content-type': 'application/json', 'x-ratelimit-remaining': '4990', 'x-ratelimit-resource': 'graphql' });
        return res.end('{"data":{}}');
      }
      res.writeHead(404, { 'content-type': 'application/json', 'x-ratelimit-remaining': '4320', 'x-ratelimit-resource': 'core' });
      res.end('{"message":"Not Found"}');
    });
    const metrics = createAppMetrics();
    const Octokit = ProbotOctokit.plugin(githubMetricsPlugin(metrics));
    const octokit = new Octokit({ baseUrl: base, auth: 'test', throttle: { enabled: false }, retry: { enabled: false } });
    await octokit.request('GET /repos/{owner}/{repo}/pulls/{pull_number}', { owner: 'acme', repo: 'widgets', pull_number: 7 });
    await octokit.graphql('query { viewer { login } }');
    await expect(octokit.request('GET /repos/{owner}/{repo}/issues/{issue_number}', { owner: 'acme', repo: 'widgets', issue_number: 9 })).rejects.toMatchObject({ status: 404 });
    const unreachable = new Octokit({ baseUrl: 'http://127.0.0.1:1', auth: 'test', throttle: { enabled: false }, retry: { enabled: false } });
    await expect(unreachable.request('GET /app')).rejects.toThrow();

    const calls = (await metrics.githubRequests.get()).values.map((v) => ({ ...v.labels, n: v.value }));
    expect(calls).toEqual(
      expect.arrayContaining([
        { method: 'GET', route: '/repos/{owner}/{repo}/pulls/{pull_number}', status: '200', n: 1 },
        { method: 'POST', route: '/graphql', status: '200', n: 1 },
        { method: 'GET', route: '/repos/{owner}/{repo}/issues/{issue_number}', status: '404', n: 1 },
        { method: 'GET', route: '/app', status: 'error', n: 1 },
      ]),
    );
    const remaining = (await metrics.githubRateLimitRemaining.get()).values.map((v) => ({ ...v.labels, n: v.value }));
    // The 404 came last for core: its count is the one kept.
    expect(remaining).toEqual(expect.arrayContaining([{ resource: 'core', n: 4320 }, { resource: 'graphql', n: 4990 }]));
  });

  it('labels routes by template, bounded when a path comes expanded', () => {
    expect(githubRoute('/repos/{owner}/{repo}/check-runs/{check_run_id}')).toBe('/repos/{owner}/{repo}/check-runs/{check_run_id}');
    expect(githubRoute('https://ghe.example.com/api/v3/app/installations/{installation_id}/access_tokens?x=1')).toBe('/app/installations/{installation_id}/access_tokens');
    expect(githubRoute(`/repos/acme/widgets/commits/${'a'.repeat(40)}/check-runs`)).toBe('/repos/acme/widgets/commits/{}/check-runs');
    expect(githubRoute('/app/installations/12345/access_tokens')).toBe('/app/installations/{}/access_tokens');
  });
});

describe('the request log', () => {
  it('logs method, path, status and duration, never the query or a header, and counts by route', async () => {
    const out = capture();
    const metrics = createAppMetrics();
    const log = oneNamePerLine(pino({}, out), { name: 'http' });
    const base = await serve(
      logRequests(
        (req, res) => {
          res.writeHead(req.url?.startsWith('/airlock/v1/token') || req.url === '/healthz' ? 200 : 404);
          res.end();
        },
        { log, metrics },
      ),
    );
    await fetch(`${base}/airlock/v1/token?poll_token=secret-poll`, { method: 'POST', headers: { authorization: 'Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.sig' } });
    await fetch(`${base}/wp-admin/setup.php`);
    // A probe that succeeds is a debug line: not written at info.
    await fetch(`${base}/healthz`);
    expect(out.lines.map((line) => parseStrictJson(line))).toEqual([
      expect.objectContaining({ name: 'http', msg: 'request', method: 'POST', path: '/airlock/v1/token', status: 200, duration_ms: expect.any(Number) }),
      expect.objectContaining({ name: 'http', msg: 'request', method: 'GET', path: '/wp-admin/setup.php', status: 404 }),
    ]);
    expect(out.lines.join('')).not.toMatch(/secret-poll|eyJ|authorization/i);
    expect((await metrics.exchangeSeconds.get()).values.find((v) => v.metricName === 'airlock_token_exchange_duration_seconds_count')).toMatchObject({ labels: { status: '200' }, value: 1 });
    expect((await metrics.httpRequests.get()).values.map((v) => v.labels)).toEqual([
      { method: 'POST', route: '/airlock/v1/token', status: '200' },
      { method: 'GET', route: 'other', status: '404' },
      { method: 'GET', route: '/healthz', status: '200' },
    ]);
    expect(routeOf('/airlock/v1/tokens/3f1c')).toBe('/airlock/v1/tokens/{id}');
    expect(routeOf('/airlock/v1/approvals/ab12')).toBe('/airlock/v1/approvals/{id}');
  });
});

describe('audit records as log events and decisions', () => {
  it('names the policy and result of each kind of decision record', () => {
    expect(decisionOf({ kind: 'decision', actor: 'app:airlock', subject: 'acme/widgets#1', data: { policy: 'airlock.pr', conclusion: 'failure' } })).toEqual({ policy: 'airlock.pr', result: 'failure' });
    expect(decisionOf({ kind: 'decision', actor: 'github:octo', subject: 'acme/widgets', data: { decision: 'deny', code: 'policy_denied' } })).toEqual({ policy: 'airlock.sts', result: 'deny' });
    expect(decisionOf({ kind: 'decision', actor: 'airlock', subject: 'acme/widgets', data: { policy: 'airlock.secrets', decision: 'approved' } })).toEqual({ policy: 'airlock.secrets', result: 'approved' });
    expect(decisionOf({ kind: 'decision', actor: 'airlock', subject: 'acme/widgets', data: { concern: 'branch_protection', error: 'boom' } })).toEqual({ policy: 'branch_protection', result: 'error' });
    expect(decisionOf({ kind: 'token_minted', actor: 'github:octo', subject: 'acme/widgets', data: {} })).toEqual({ policy: 'airlock.sts', result: 'allow' });
    expect(decisionOf({ kind: 'decision', actor: 'airlock', subject: 'x', data: { policy: 'not a label; "quoted"', conclusion: 'success' } })).toEqual({ policy: 'other', result: 'success' });
    expect(decisionOf({ kind: 'approval', actor: 'github:octo', subject: 'x', data: {} })).toBeUndefined();
  });

  it('drops credential-named fields at any depth', () => {
    expect(withoutSecrets({ token_id: 't1', token: 'ghs_x', nested: [{ password: 'p', keep: 1 }], Authorization: 'Bearer x' })).toEqual({ token_id: 't1', token: '[Redacted]', nested: [{ password: '[Redacted]', keep: 1 }], Authorization: '[Redacted]' });
  });
});
