import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brokerClient, BrokerError } from '../../src/action/broker-client.js';
import { nodeHttpFetch, type HttpCall } from '../../src/action/node-http-fetch.js';
import { createWorldTls } from '../../src/world/world-https.js';

/** A real server: each request is recorded with its body, and answered by the next handler in line (the last one repeats). */
interface Recorded {
  method: string;
  url: string;
  authorization: string | undefined;
  userAgent: string | undefined;
  body: string;
}

let server: Server;
let base: string;
const seen: Recorded[] = [];
let answers: ((res: ServerResponse) => void)[] = [];

const listen = async (s: Server) => {
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  return (s.address() as AddressInfo).port;
};

beforeAll(async () => {
  server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push({ method: req.method!, url: req.url!, authorization: req.headers.authorization, userAgent: req.headers['user-agent'], body: Buffer.concat(chunks).toString() });
      const answer = answers.length > 1 ? answers.shift()! : answers[0]!;
      answer(res);
    });
  });
  base = `http://127.0.0.1:${await listen(server)}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const json = (status: number, body: unknown) => (res: ServerResponse) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
const fresh = (...next: ((res: ServerResponse) => void)[]) => {
  seen.length = 0;
  answers = next;
};

/** A port nothing listens on: one a closed server just had. */
async function closedPort(): Promise<number> {
  const s = createServer();
  const port = await listen(s);
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

const MINTED = { token: 'ghs_minted', token_id: 'tok-1', expires_at: '2030-01-01T00:00:00Z', permissions: { contents: 'read' }, repositories: ['app'] };
const REQUEST = { identity: 'agent', permissions: { contents: 'read' } };
const RETRY = { attempts: 3, baseDelayMs: 10, deadlineMs: 10_000 };

/** Fresh OIDC tokens, remembering each handed out. */
function tokens() {
  const issued: string[] = [];
  return { issued, provider: async () => (issued.push(`oidc-${issued.length + 1}`), issued.at(-1)!) };
}

describe('nodeHttpFetch', () => {
  it('sends the method, headers and body, and reads the status and JSON answer', async () => {
    fresh(json(201, { ok: true }));
    const answer = await nodeHttpFetch(`${base}/x?y=1`, { method: 'POST', headers: { authorization: 'Bearer a', 'user-agent': 'airlock-action' }, body: '{"é":1}', signal: AbortSignal.timeout(5_000) });
    expect(answer.status).toBe(201);
    expect(await answer.json()).toEqual({ ok: true });
    expect(seen).toEqual([{ method: 'POST', url: '/x?y=1', authorization: 'Bearer a', userAgent: 'airlock-action', body: '{"é":1}' }]);
  });

  it('gives a status without a body (a 204) and lets the caller drop a body it does not read', async () => {
    fresh((res) => res.writeHead(204).end());
    expect((await nodeHttpFetch(base, { method: 'DELETE', headers: {}, signal: AbortSignal.timeout(5_000) })).status).toBe(204);
    fresh(json(503, { error: 'busy' }));
    const answer = await nodeHttpFetch(base, { method: 'GET', headers: {}, signal: AbortSignal.timeout(5_000) });
    expect(answer.status).toBe(503);
    await answer.body?.cancel();
  });

  it("rejects as fetch does: TypeError('fetch failed') without an answer, the signal's reason on a timeout", async () => {
    const refused = nodeHttpFetch(`http://127.0.0.1:${await closedPort()}/`, { method: 'GET', headers: {}, signal: AbortSignal.timeout(5_000) });
    await expect(refused).rejects.toMatchObject({ name: 'TypeError', message: 'fetch failed' });
    await expect(refused.catch((e: Error) => (e.cause as NodeJS.ErrnoException).code)).resolves.toBe('ECONNREFUSED');
    fresh(() => undefined); // never answers
    await expect(nodeHttpFetch(base, { method: 'GET', headers: {}, signal: AbortSignal.timeout(100) })).rejects.toMatchObject({ name: 'TimeoutError' });
  });

  it("trusts Node's store only: an HTTPS server whose CA is not trusted is refused (fetch failed)", async () => {
    const tls = await createWorldTls({ dir: await mkdtemp(join(tmpdir(), 'airlock-http-fetch-')) });
    const https = createHttpsServer({ key: tls.keyPem, cert: tls.certPem }, (_req, res) => res.end('{}'));
    try {
      const port = await listen(https);
      const refused = nodeHttpFetch(`https://127.0.0.1:${port}/`, { method: 'GET', headers: {}, signal: AbortSignal.timeout(5_000) });
      await expect(refused).rejects.toMatchObject({ name: 'TypeError', message: 'fetch failed' });
      await expect(refused.catch((e: Error) => (e.cause as NodeJS.ErrnoException).code)).resolves.toMatch(/SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER/);
    } finally {
      https.closeAllConnections();
      await new Promise<void>((resolve) => https.close(() => resolve()));
    }
  });
});

// The broker's client on either transport: fetch (a proxy or CA on the runner) and node:http (none).
describe.each<[string, HttpCall]>([
  ['node:http', nodeHttpFetch],
  ['fetch', fetch],
])('brokerClient on %s', (_name, transport) => {
  it('retries a 503 with a fresh OIDC token, then returns the minted token', async () => {
    fresh(json(503, { error: { code: 'unavailable', message: 'busy' } }), json(200, MINTED));
    const oidc = tokens();
    const minted = await brokerClient(base, RETRY, transport).exchange(oidc.provider, REQUEST);
    expect(minted).toEqual(MINTED);
    // Each attempt spent its own token (the broker accepts each jti once).
    expect(seen.map((r) => r.authorization)).toEqual(['Bearer oidc-1', 'Bearer oidc-2']);
    expect(seen.map((r) => JSON.parse(r.body) as unknown)).toEqual([REQUEST, REQUEST]);
    expect(seen.every((r) => r.method === 'POST' && r.url === '/airlock/v1/token' && r.userAgent === 'airlock-action')).toBe(true);
  });

  it("fails at once on a 4xx with the broker's code and message", async () => {
    fresh(json(403, { error: { code: 'policy_denied', message: 'not for this repository' } }));
    const oidc = tokens();
    const refused = brokerClient(base, RETRY, transport).exchange(oidc.provider, REQUEST);
    await expect(refused).rejects.toEqual(new BrokerError('policy_denied', 'not for this repository', 403));
    expect(seen).toHaveLength(1);
  });

  it('revokes with the token itself and takes the 204', async () => {
    fresh((res) => res.writeHead(204).end());
    await brokerClient(base, RETRY, transport).revoke('ghs_minted');
    expect(seen).toEqual([{ method: 'DELETE', url: '/airlock/v1/token', authorization: 'token ghs_minted', userAgent: 'airlock-action', body: '' }]);
  });

  it('says the broker did not answer, as it always has, when nothing listens', async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    const oidc = tokens();
    const failed = brokerClient(url, { attempts: 2, baseDelayMs: 10, deadlineMs: 10_000 }, transport).exchange(oidc.provider, REQUEST);
    await expect(failed).rejects.toEqual(new BrokerError('broker_unavailable', `the Airlock broker at ${url} did not answer POST /airlock/v1/token (fetch failed)`));
    expect(oidc.issued).toEqual(['oidc-1', 'oidc-2']);
  });
});
