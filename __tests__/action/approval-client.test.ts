import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { requestSecretApproval, type ApprovalClientOptions } from '../../src/action/approval-client.js';

// The client against a real HTTP server speaking the App's approvals contract
// (app/approvals/approval-routes.ts); the App itself is exercised in __tests__/app/secret-approvals.test.ts.

interface Fake {
  /** Answer to the next POSTs (default: 202 pending). */
  post?: (token: string) => { status: number; body: unknown };
  /** Connections to drop before answering (network failures). */
  drop: number;
  /** Called on every GET of a pending approval; may decide it. */
  onGet?: (approval: Approval, gets: number) => void;
  oidcTokens: string[];
  deletes: { id: string; token: string }[];
  gets: number;
}
interface Approval {
  id: string;
  token: string;
  status: string;
  decided_by?: string;
  message: string;
}

let server: Server;
let url = '';
let fake: Fake;
const approvals = new Map<string, Approval>();

const send = (res: ServerResponse, status: number, body: unknown): void => {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
};
const view = (a: Approval) => ({ id: a.id, status: a.status, ...(a.decided_by ? { decided_by: a.decided_by } : {}), message: a.message });

function handle(req: IncomingMessage, res: ServerResponse): void {
  if (fake.drop > 0) {
    fake.drop--;
    req.socket.destroy();
    return;
  }
  const bearer = (req.headers.authorization ?? '').replace(/^Bearer /, '');
  const path = req.url ?? '';
  if (req.method === 'POST' && path === '/airlock/v1/approvals') {
    fake.oidcTokens.push(bearer);
    const answer = fake.post?.(bearer);
    if (answer) return send(res, answer.status, answer.body);
    const a: Approval = { id: randomUUID(), token: randomUUID(), status: 'pending', message: 'waiting for a human' };
    approvals.set(a.id, a);
    return send(res, 202, { ...view(a), poll_token: a.token, expires_at: new Date(Date.now() + 600_000).toISOString(), approve_command: `/airlock approve-secret ${a.id}`, check_run_url: 'http://x/runs/1' });
  }
  const a = approvals.get(path.split('/').pop() ?? '');
  if (!a || a.token !== bearer) return send(res, 404, { error: { code: 'approval_not_found', message: 'no such approval' } });
  if (req.method === 'GET') {
    fake.gets++;
    if (a.status === 'pending') fake.onGet?.(a, fake.gets);
    return send(res, 200, view(a));
  }
  if (req.method === 'DELETE') {
    fake.deletes.push({ id: a.id, token: bearer });
    if (a.status === 'pending') Object.assign(a, { status: 'cancelled', message: 'the run stopped waiting' });
    return send(res, 200, view(a));
  }
  send(res, 404, { error: { code: 'approval_not_found', message: 'no route' } });
}

beforeAll(async () => {
  server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  fake = { drop: 0, oidcTokens: [], deletes: [], gets: 0 };
});

let minted = 0;
const options = (over: Partial<ApprovalClientOptions> = {}): ApprovalClientOptions => ({
  brokerUrl: `${url}/`,
  idToken: async () => `oidc-${++minted}`,
  identity: 'agent',
  secrets: [{ path: 'kv/data/ci/npm', key: 'token', env: 'NPM_TOKEN', approval: 'required' }],
  destination: { method: 'PUT', host: 'registry.npmjs.org', path: '/pkg' },
  timeoutMs: 30_000,
  pollIntervalMs: 10,
  ...over,
});

describe('requestSecretApproval', () => {
  it('polls until a human approves, and says who', async () => {
    fake.onGet = (a, gets) => {
      if (gets === 3) Object.assign(a, { status: 'approved', decided_by: 'bob', message: 'approved by bob' });
    };
    expect(await requestSecretApproval(options())).toEqual({ status: 'approved', by: 'bob' });
    expect(fake.gets).toBe(3);
    expect(fake.deletes).toEqual([]);
  });

  it('returns a refusal as a result: by a human, by the policy, or by the broker', async () => {
    fake.onGet = (a) => Object.assign(a, { status: 'denied', decided_by: 'bob', message: 'bob refused to resolve these secrets' });
    expect(await requestSecretApproval(options())).toEqual({ status: 'denied', message: 'bob refused to resolve these secrets' });
    fake.post = () => ({ status: 403, body: { error: { code: 'secrets_denied', message: 'env must be a plain variable name' } } });
    expect(await requestSecretApproval(options())).toEqual({ status: 'denied', message: 'secrets_denied: env must be a plain variable name' });
    fake.post = () => ({ status: 401, body: { error: { code: 'oidc_replayed', message: 'OIDC token was already used' } } });
    expect(await requestSecretApproval(options())).toEqual({ status: 'error', message: 'oidc_replayed: OIDC token was already used' });
    fake.post = () => ({ status: 200, body: { id: randomUUID(), status: 'approved', message: 'policy allows' } });
    expect(await requestSecretApproval(options())).toEqual({ status: 'approved' });
  });

  it('gives up at its deadline, cancelling the request on the App', async () => {
    const result = await requestSecretApproval(options({ timeoutMs: 200 }));
    expect(result).toMatchObject({ status: 'expired' });
    const [only] = [...approvals.values()].filter((a) => fake.deletes.some((d) => d.id === a.id));
    expect(fake.deletes).toEqual([{ id: only!.id, token: only!.token }]);
    expect(only!.status).toBe('cancelled');
  });

  it('cancels when the run stops waiting (abort), and the App learns it', async () => {
    const controller = new AbortController();
    fake.onGet = (_a, gets) => {
      if (gets === 2) controller.abort();
    };
    expect(await requestSecretApproval(options({ signal: controller.signal }))).toMatchObject({ status: 'cancelled' });
    expect(fake.deletes).toHaveLength(1);
  });

  it('retries dropped connections with a fresh OIDC token each time', async () => {
    fake.drop = 2;
    fake.onGet = (a) => Object.assign(a, { status: 'approved', decided_by: 'bob' });
    const issued: string[] = [];
    const idToken = async () => issued[issued.push(`oidc-${randomUUID()}`) - 1]!;
    expect(await requestSecretApproval(options({ idToken }))).toEqual({ status: 'approved', by: 'bob' });
    // Three attempts, three distinct tokens (each is accepted once); the App saw the last.
    expect(new Set(issued).size).toBe(3);
    expect(fake.oidcTokens).toEqual([issued[2]]);
  });

  it('reports an unreachable App as an error after its retries, never throwing', async () => {
    const tokens: string[] = [];
    const result = await requestSecretApproval(options({ brokerUrl: 'http://127.0.0.1:1', idToken: async () => `t${tokens.push('x')}` }));
    expect(result).toMatchObject({ status: 'error', message: expect.stringContaining('after 4 attempts') });
    expect(tokens).toHaveLength(4);
  });
});
