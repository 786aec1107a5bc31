import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tokenHash } from '../../app/sts/token-ledger.js';

/**
 * What the proxy does to a request that matches a rule:
 * - `delay`: forwards it after `ms`;
 * - `status`: answers `status` (a 5xx) without forwarding: GitHub never saw it;
 * - `reset_after_forward`: forwards it, reads GitHub's answer, then closes the client's connection
 *   without a byte of it (GitHub acted, and the answer is lost);
 * - `hang`: never forwards and never answers (until the client gives up);
 * - `hang_after_forward`: forwards it, then holds GitHub's answer until the client gives up;
 * - `around`: forwards it, running `before` first and `after` (given GitHub's status) before the
 *   answer is relayed; `after` returning 'drop' closes the connection instead of relaying.
 */
export type Fault =
  | { kind: 'delay'; ms: number }
  | { kind: 'status'; status: number }
  | { kind: 'reset_after_forward' }
  | { kind: 'hang' }
  | { kind: 'hang_after_forward' }
  | {
      kind: 'around';
      before?: () => Promise<void>;
      after?: (status: number) => Promise<'relay' | 'drop'>;
    };

export interface FaultRule {
  method: string;
  /** Matched against the decoded path without the query, e.g. /api/v3/app/installations/1/access_tokens. */
  path: RegExp;
  fault: Fault;
  /** Also matched against the request body, when given. */
  when?: (body: string) => boolean;
  /** How many matching requests it applies to (default 1). */
  times?: number;
}

export interface ProxyEvent {
  method: string;
  path: string;
  body: string;
  fault?: Fault['kind'];
  forwarded: boolean;
  /** GitHub's status, when it answered. */
  status?: number;
  /** GitHub's answer reached the client. */
  relayed: boolean;
}

export interface FaultProxy {
  /** `http://127.0.0.1:<port>/api/v3`, for the App's `githubApiUrl`. */
  apiUrl: string;
  /** `127.0.0.1:<port>`, for GHE_HOST (with GHE_PROTOCOL=http). */
  host: string;
  inject(rule: FaultRule): void;
  /** Drops the rules not used up yet (a test's leftovers). */
  clearRules(): void;
  events: ProxyEvent[];
  /** sha256 of every installation token GitHub minted whose answer never reached the client. */
  lostTokenHashes: Set<string>;
  close(): Promise<void>;
}

export const MINT_PATH = /^\/api\/v3\/app\/installations\/\d+\/access_tokens$/;

/**
 * The broker's mints: narrowed to repositories. Probot mints installation-wide tokens for the
 * App's own calls on the same path, with no body.
 */
export const isBrokerMint = (event: { method: string; path: string; body: string }): boolean =>
  event.method === 'POST' && MINT_PATH.test(event.path) && event.body.includes('"repositories"');

/** A rule matching the broker's mints only. */
export const BROKER_MINT = {
  method: 'POST',
  path: MINT_PATH,
  when: (body: string) => body.includes('"repositories"'),
};

// Hop-by-hop and length headers are the proxy's own business on each side.
const DROPPED = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'content-length',
  'host',
  'content-encoding',
]);

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** A fault-injecting HTTP proxy in front of the world's GitHub (`target`: its http://host:port). */
export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const rules: (FaultRule & { left: number })[] = [];
  const events: ProxyEvent[] = [];
  const lostTokenHashes = new Set<string>();

  const take = (method: string, path: string, body: string) => {
    const rule = rules.find(
      (r) => r.left > 0 && r.method === method && r.path.test(path) && (!r.when || r.when(body)),
    );
    if (rule) rule.left -= 1;
    return rule;
  };

  const forward = async (req: IncomingMessage, body: Buffer) => {
    const headers = Object.fromEntries(
      Object.entries(req.headers)
        .filter(([name]) => !DROPPED.has(name))
        .map(([name, value]) => [name, String(value)]),
    );
    const response = await fetch(`${target}${req.url}`, {
      method: req.method,
      headers,
      ...(body.length ? { body } : {}),
    });
    return {
      status: response.status,
      headers: [...response.headers].filter(([name]) => !DROPPED.has(name)),
      body: Buffer.from(await response.arrayBuffer()),
    };
  };

  const lose = (answer: { status: number; body: Buffer }) => {
    if (answer.status !== 201) return;
    const token = (JSON.parse(answer.body.toString('utf8')) as { token?: string }).token;
    if (token) lostTokenHashes.add(tokenHash(token));
  };

  const untilClientLeaves = (res: ServerResponse) =>
    new Promise<void>((resolve) => res.once('close', () => resolve()));

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const body = await readBody(req);
    const path = decodeURIComponent((req.url ?? '').split('?')[0]!);
    const method = req.method ?? 'GET';
    const text = body.toString('utf8');
    const rule = take(method, path, text);
    const event: ProxyEvent = {
      method,
      path,
      body: text,
      forwarded: false,
      relayed: false,
      ...(rule ? { fault: rule.fault.kind } : {}),
    };
    events.push(event);
    const fault = rule?.fault;
    if (fault?.kind === 'status') {
      res
        .writeHead(fault.status, { 'content-type': 'application/json' })
        .end(JSON.stringify({ message: 'Server Error (fault proxy)' }));
      return;
    }
    if (fault?.kind === 'hang') return untilClientLeaves(res);
    if (fault?.kind === 'delay') await new Promise((resolve) => setTimeout(resolve, fault.ms));
    if (fault?.kind === 'around' && fault.before) await fault.before();
    const answer = await forward(req, body);
    event.forwarded = true;
    event.status = answer.status;
    if (fault?.kind === 'reset_after_forward') {
      lose(answer);
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'hang_after_forward') {
      lose(answer);
      return untilClientLeaves(res);
    }
    if (fault?.kind === 'around' && fault.after && (await fault.after(answer.status)) === 'drop') {
      lose(answer);
      req.socket.destroy();
      return;
    }
    if (res.destroyed) {
      lose(answer);
      return;
    }
    res.writeHead(answer.status, Object.fromEntries(answer.headers)).end(answer.body);
    event.relayed = true;
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: Error) => {
      if (!res.headersSent && !res.destroyed)
        res
          .writeHead(502, { 'content-type': 'application/json' })
          .end(JSON.stringify({ message: `fault proxy: ${error.message}` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    apiUrl: `http://127.0.0.1:${port}/api/v3`,
    host: `127.0.0.1:${port}`,
    inject: (rule) => rules.push({ ...rule, left: rule.times ?? 1 }),
    clearRules: () => void rules.splice(0),
    events,
    lostTokenHashes,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
