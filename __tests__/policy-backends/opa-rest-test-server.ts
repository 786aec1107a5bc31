import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseJSONLossless } from '../../src/policy/rego/parse-json.js';
import { RegoPolicy, type ModuleSource } from '../../src/policy/rego/rego-policy.js';
import { RObject, toJSON, type Value } from '../../src/policy/rego/value.js';

/** How the server treats the next request (then it goes back to answering normally). */
export type Fault =
  | { kind: 'status'; status: number; body?: string }
  | { kind: 'hang' }
  | { kind: 'reset' }
  | { kind: 'body'; body: string };

export interface OpaRestTestServer {
  url: string;
  /** Faults applied to the next requests, one each, in order. */
  faults: Fault[];
  /** Request paths seen, in order. */
  requests: string[];
  close(): Promise<void>;
}

const readAll = async (req: IncomingMessage): Promise<string> => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
};

const send = (res: ServerResponse, status: number, body: string): void => {
  res.writeHead(status, { 'content-type': 'application/json' }).end(body);
};

/**
 * A small server that speaks OPA's REST Data API (`POST /v1/data/{path}` with `{"input": ...}`,
 * answering `{"result": <document>}`, or `{}` when the document is undefined; and
 * `GET /v1/policies`), evaluating with
 * the embedded evaluator, so the HTTP is real and the semantics are Rego's.
 * https://www.openpolicyagent.org/docs/rest-api#get-a-document-with-input
 */
export const startOpaRestTestServer = async (
  modules: ModuleSource[],
  data: Value = new RObject(),
): Promise<OpaRestTestServer> => {
  const policy = RegoPolicy.compile(modules);
  const faults: Fault[] = [];
  const requests: string[] = [];
  const hanging = new Set<ServerResponse>();
  const server: Server = createServer((req, res) => {
    void (async () => {
      requests.push(req.url ?? '');
      const body = await readAll(req);
      const fault = faults.shift();
      if (fault?.kind === 'hang') {
        hanging.add(res);
        return;
      }
      if (fault?.kind === 'reset') {
        req.socket.destroy();
        return;
      }
      if (fault?.kind === 'status')
        return send(
          res,
          fault.status,
          fault.body ?? JSON.stringify({ code: 'internal_error', message: 'injected failure' }),
        );
      if (fault?.kind === 'body') return send(res, 200, fault.body);
      // GET /v1/policies lists the loaded modules with their source (`raw`); the AST is elided.
      if (req.method === 'GET' && req.url === '/v1/policies') {
        const result = modules.map((m) => ({ id: m.file, raw: m.source, ast: {} }));
        return send(res, 200, JSON.stringify({ result }));
      }
      const match = /^\/v1\/data((?:\/[A-Za-z_][A-Za-z0-9_]*)*)$/.exec(req.url ?? '');
      if (req.method !== 'POST' || !match)
        return send(
          res,
          404,
          JSON.stringify({ code: 'resource_not_found', message: `${req.method} ${req.url}` }),
        );
      let input: Value | undefined;
      try {
        const doc = body === '' ? new RObject() : parseJSONLossless(body);
        input = doc instanceof RObject ? doc.get('input') : undefined;
      } catch (e) {
        return send(
          res,
          400,
          JSON.stringify({ code: 'invalid_parameter', message: (e as Error).message }),
        );
      }
      const ref = ['data', ...match[1]!.split('/').filter(Boolean)].join('.');
      try {
        const rows = policy.query(`__result__ = ${ref}`, { input, data });
        const result = rows[0]?.get('__result__');
        send(res, 200, result === undefined ? '{}' : `{"result":${toJSON(result)}}`);
      } catch (e) {
        send(res, 500, JSON.stringify({ code: 'internal_error', message: (e as Error).message }));
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    faults,
    requests,
    close: async () => {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) =>
        server.close((e) => (e ? reject(e) : resolve())),
      );
    },
  };
};
