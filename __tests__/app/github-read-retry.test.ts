import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Octokit } from '@octokit/core';
import { pino } from 'pino';
import { readRetryPlugin, withReadRetries } from '../../app/github/read-retry.js';
import { startApp, type RunningApp } from '../../app/start-app.js';
import { brokerClient } from '../../src/action/broker-client.js';
import { worldAppSettings } from '../support/world-app-settings.js';
import { startWorld, type World } from '../../src/world/start-world.js';
import { openPull } from '../../src/world/pull-requests.js';
import { BROKER_MINT, isBrokerMint, startFaultProxy, type FaultProxy } from '../faults/fault-proxy.js';

// One retry layer per path that talks to GitHub (app/start-app.ts, app/github/read-retry.ts):
// plugin-retry is off; the gate's reads get one retry in the App; the broker's reads are retried
// by the Action's client (a 503 with a fresh OIDC token); the mint is never repeated.

/** A GitHub stand-in for the plugin alone: answers each request with the next status of `script`, then 200. */
async function scriptedServer(script: number[]): Promise<{ url: string; hits: string[]; server: Server }> {
  const hits: string[] = [];
  const server = createServer((req, res) => {
    hits.push(`${req.method} ${req.url}`);
    const status = script.shift() ?? 200;
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(status === 200 ? { ok: true } : { message: `status ${status}` }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, hits, server };
}

describe('readRetryPlugin on a real HTTP server', () => {
  const RetryingOctokit = Octokit.plugin(readRetryPlugin({ baseDelayMs: 5 }));
  const servers: Server[] = [];
  afterAll(() => Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve)))));
  const client = async (script: number[]) => {
    const s = await scriptedServer(script);
    servers.push(s.server);
    return { octokit: new RetryingOctokit({ baseUrl: s.url }), hits: s.hits };
  };

  it('retries a read inside withReadRetries after a 502 and a 503, once per failure, and gets the answer', async () => {
    const { octokit, hits } = await client([502, 503]);
    const { data } = await withReadRetries(() => octokit.request('GET /repos/{owner}/{repo}', { owner: 'acme', repo: 'widgets' }));
    expect(data).toEqual({ ok: true });
    expect(hits).toEqual(['GET /repos/acme/widgets', 'GET /repos/acme/widgets', 'GET /repos/acme/widgets']);
  });

  it('gives up after three retries (four attempts), as plugin-retry did', async () => {
    const { octokit, hits } = await client([500, 500, 500, 500, 500]);
    await expect(withReadRetries(() => octokit.request('GET /app'))).rejects.toMatchObject({ status: 500 });
    expect(hits).toHaveLength(4);
  });

  it('asks once: outside withReadRetries, for a POST, for a 4xx, and with request.retries 0', async () => {
    const outside = await client([502]);
    await expect(outside.octokit.request('GET /app')).rejects.toMatchObject({ status: 502 });
    expect(outside.hits).toHaveLength(1);
    const post = await client([502]);
    await expect(withReadRetries(() => post.octokit.request('POST /repos/{owner}/{repo}/check-runs', { owner: 'acme', repo: 'widgets', name: 'x', head_sha: 'a'.repeat(40) }))).rejects.toMatchObject({ status: 502 });
    expect(post.hits).toHaveLength(1);
    for (const status of [400, 401, 403, 404, 410, 422, 429, 451]) {
      const answered = await client([status]);
      await expect(withReadRetries(() => answered.octokit.request('GET /app'))).rejects.toMatchObject({ status });
      expect(answered.hits).toHaveLength(1);
    }
    const once = await client([502]);
    await expect(withReadRetries(() => once.octokit.request('GET /app', { request: { retries: 0 } }))).rejects.toMatchObject({ status: 502 });
    expect(once.hits).toHaveLength(1);
  });

  it('stops waiting to retry when the request signal aborts', async () => {
    const s = await scriptedServer([502, 502]);
    servers.push(s.server);
    // A long first wait (60 s): only the abort can end it within the test's time.
    const octokit = new (Octokit.plugin(readRetryPlugin({ baseDelayMs: 60_000 })))({ baseUrl: s.url });
    const controller = new AbortController();
    const asked = withReadRetries(() => octokit.request('GET /app', { request: { signal: controller.signal } }));
    while (s.hits.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    controller.abort();
    // The 502, or the abort if it came before the answer; never a second request, never the 60 s.
    await expect(asked).rejects.toMatchObject({ status: expect.any(Number) });
    expect(s.hits).toHaveLength(1);
  });
});

describe('the App against GitHub behind a fault proxy', () => {
  let world: World;
  let proxy: FaultProxy;
  let app: RunningApp;
  beforeAll(async () => {
    world = await startWorld();
    proxy = await startFaultProxy(world.state.serverUrl);
    app = await startApp({
      settings: worldAppSettings(world, { githubApiUrl: proxy.apiUrl, sweepIntervalMs: 3_600_000, trustedRoots: [world.sigstore.trustedRoot] }),
      encryptionKey: randomBytes(32),
      log: pino({ level: 'silent' }),
    });
    world.webhookUrl = `${app.url}/api/github/webhooks`;
    world.settle = () => app.queue.idle();
  });
  afterAll(async () => {
    await app.close();
    await proxy.close();
    await world.close();
  });

  const gateCheck = (sha: string) => world.state.checkRuns.find((r) => r.name === 'Airlock' && r.headSha === sha);
  let branch = 0;
  const agentPull = () => openPull(world, { repo: 'acme/widgets', head: `agent/retry-${++branch}`, author: 'agent-smith[bot]', files: { 'src/retry.js': 'export const n = 1;\n' }, title: 'tweak' });
  const filesPath = (number: number) => new RegExp(`^/api/v3/repos/acme/widgets/pulls/${number}/files$`);

  it("a GitHub failure of the App's own slug is not remembered: the queue's re-run of the delivery asks again and acts", async () => {
    // Before anything asked for the slug: an agent's push to main fails on it, and the queue runs it again.
    proxy.inject({ method: 'GET', path: /^\/api\/v3\/app$/, fault: { kind: 'status', status: 502 } });
    const before = proxy.events.length;
    const { sha } = await world.push({ repo: 'acme/widgets', branch: 'main', pusher: 'agent-smith[bot]', files: { 'src/pushed.js': 'export const pushed = 1;\n' } });
    for (let waited = 0; !gateCheck(sha) && waited < 30_000; waited += 100) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(gateCheck(sha)?.conclusion).toBe('failure');
    expect(proxy.events.slice(before).filter((e) => e.method === 'GET' && e.path === '/api/v3/app').map((e) => e.forwarded)).toEqual([false, true]);
  }, 60_000);

  it('a 502 on a read of a gated delivery: asked again once by the App, and the same decision as without it', async () => {
    const clean = await agentPull();
    const expected = gateCheck(clean.sha);
    expect(expected?.conclusion).toBe('failure');
    expect(expected?.output?.title).not.toMatch(/could not evaluate/i);

    // The next pull request's file list fails once.
    proxy.inject({ method: 'GET', path: /^\/api\/v3\/repos\/acme\/widgets\/pulls\/\d+\/files$/, fault: { kind: 'status', status: 502 } });
    const faulted = await agentPull();
    const next = faulted.pull.number;
    const check = gateCheck(faulted.sha);
    // The same verdict, not "could not evaluate": the conclusion, the title and each rule's line
    // (they name their own commit, which is replaced).
    const verdict = (run: typeof check, sha: string) => [
      run?.conclusion,
      [run?.output?.title ?? '', ...(run?.output?.summary ?? '').split('\n').filter((line) => /^(❌|✅) \*\*/.test(line))].map((line) => line.replaceAll(sha.slice(0, 12), '<sha>')),
    ];
    expect(verdict(check, faulted.sha)).toEqual(verdict(expected, clean.sha));
    // Exactly one request per attempt: the 502, then the retry GitHub answered. plugin-retry would
    // have added its own attempts under the App's.
    const reads = proxy.events.filter((e) => e.method === 'GET' && filesPath(next).test(e.path));
    expect(reads.map((e) => [e.fault ?? null, e.forwarded])).toEqual([
      ['status', false],
      [null, true],
    ]);
  }, 60_000);

  const POLICY_READ = /^\/api\/v3\/repos\/acme\/widgets\/contents\/\.github\/airlock\/agent\.sts\.yaml$/;
  const REQUEST = { identity: 'agent', permissions: { contents: 'read' } };
  const ask = async (oidc: string) => {
    const res = await fetch(`${app.url}/airlock/v1/token`, { method: 'POST', headers: { authorization: `Bearer ${oidc}`, 'content-type': 'application/json' }, body: JSON.stringify(REQUEST) });
    return { status: res.status, ...((await res.json()) as { token?: string; error?: { code: string } }) };
  };

  it("a 502 on the broker's read is asked once and answered 503 at once; the Action's client retries and gets its token", async () => {
    proxy.inject({ method: 'GET', path: POLICY_READ, fault: { kind: 'status', status: 502 } });
    const before = proxy.events.length;
    const first = await ask(await world.oidc.mint());
    expect([first.status, first.error?.code, first.token]).toEqual([503, 'github_unavailable', undefined]);
    expect(proxy.events.slice(before).filter((e) => POLICY_READ.test(e.path))).toHaveLength(1);

    proxy.inject({ method: 'GET', path: POLICY_READ, fault: { kind: 'status', status: 502 } });
    const mark = proxy.events.length;
    const minted = await brokerClient(app.url, { attempts: 4, baseDelayMs: 250, deadlineMs: 30_000 }).exchange(() => world.oidc.mint(), REQUEST);
    expect(minted.token).toMatch(/^ghs_/);
    // One read per attempt of the Action's client: the 502, then the read of its second attempt.
    expect(proxy.events.slice(mark).filter((e) => POLICY_READ.test(e.path)).map((e) => e.forwarded)).toEqual([false, true]);
  }, 60_000);

  it('a 502 on the mint is never repeated by the App: one mint request, answered 503 mint_uncertain', async () => {
    proxy.inject({ ...BROKER_MINT, fault: { kind: 'status', status: 502 } });
    const before = proxy.events.length;
    const answer = await ask(await world.oidc.mint());
    expect([answer.status, answer.error?.code, answer.token]).toEqual([503, 'mint_uncertain', undefined]);
    expect(proxy.events.slice(before).filter(isBrokerMint)).toHaveLength(1);
  }, 60_000);
});
