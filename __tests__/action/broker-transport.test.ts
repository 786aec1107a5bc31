import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brokerClient, BrokerError } from '../../src/action/broker-client.js';
import { nodeHttpFetch } from '../../src/http/node-http-fetch.js';

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

// The broker's client on either transport: fetch (a proxy or CA on the runner) and node:http (none).
describe.each<[string, typeof fetch]>([
  ['node:http', nodeHttpFetch()],
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
