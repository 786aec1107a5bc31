import { writeFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createCertificateAuthority } from '../../tls/certificate-authority.js';
import { answerAnthropic } from './fake-anthropic.js';
import { answerOpenAi } from './fake-openai.js';
import type {
  FakeProviderAnswer,
  FakeProviderRequest,
  RecordedLlmRequest,
  ScriptedConversation,
} from './scripted-conversation.js';

export type FakeLlmProviderKind = 'anthropic' | 'openai';

export interface FakeLlmProviderOptions {
  readonly provider: FakeLlmProviderKind;
  readonly conversation: ScriptedConversation;
  /** Where the CA certificate file is written (`fake-<provider>-ca.pem`). */
  readonly dir: string;
  /** When set, a request presenting any other key (or none) gets 401, as the real API answers. */
  readonly apiKey?: string;
  /** Listen address, also named in the certificate; default 127.0.0.1 (localhost is always named). */
  readonly host?: string;
  /** Anthropic only: the agent's directory, when its system prompt does not state one. */
  readonly workingDirectory?: string;
  /** Largest request body accepted; default 32 MiB (Anthropic's own limit). */
  readonly maxBodyBytes?: number;
}

export interface FakeLlmProvider {
  readonly provider: FakeLlmProviderKind;
  /** `https://<host>:<port>`: the gateway's upstream origin. */
  readonly origin: string;
  /** What the agent or SDK takes as its base URL: the origin for Anthropic, `<origin>/v1` for OpenAI. */
  readonly baseUrl: string;
  /** The CA certificate the provider's certificate chains to, and that file (NODE_EXTRA_CA_CERTS, CODEX_CA_CERTIFICATE, SSL_CERT_FILE). */
  readonly caPem: string;
  readonly caFile: string;
  /** Every request in arrival order, unknown paths included. */
  readonly requests: readonly RecordedLlmRequest[];
  close(): Promise<void>;
}

const DEFAULT_MAX_BODY_BYTES = 32 * 1024 * 1024;

/** `x-api-key` (Anthropic) or `Authorization: Bearer` (both providers accept it). */
function presentedKey(request: IncomingMessage): string | undefined {
  const apiKey = request.headers['x-api-key'];
  if (typeof apiKey === 'string') return apiKey;
  return /^Bearer (.+)$/i.exec(request.headers.authorization ?? '')?.[1];
}

function refusal(
  provider: FakeLlmProviderKind,
  status: number,
  type: string,
  message: string,
): FakeProviderAnswer {
  const body =
    provider === 'anthropic'
      ? { type: 'error', error: { type, message } }
      : { error: { message, type, param: null, code: null } };
  return { turn: 'refused', status, contentType: 'application/json', body: JSON.stringify(body) };
}

/**
 * Starts a fake Anthropic or OpenAI API over HTTPS, with a certificate from a CA made for it
 * alone, that records every request and drives a real agent CLI through one scripted conversation
 * (see scripted-conversation.ts). For the real-agent suite: the provider is the gateway's upstream,
 * so it must see the real key and never the run's placeholder.
 */
export async function startFakeLlmProvider(
  options: FakeLlmProviderOptions,
): Promise<FakeLlmProvider> {
  const host = options.host ?? '127.0.0.1';
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const ca = createCertificateAuthority({
    commonName: `Airlock fake ${options.provider} provider CA`,
  });
  const { keyPem, certPem } = ca.issueServerCertificate([
    ...new Set([host, '127.0.0.1', 'localhost']),
  ]);
  const caFile = join(options.dir, `fake-${options.provider}-ca.pem`);
  await writeFile(caFile, ca.certPem, { mode: 0o644 });
  const requests: RecordedLlmRequest[] = [];

  const answer = (request: FakeProviderRequest, key: string | undefined): FakeProviderAnswer => {
    if (request.headers['content-encoding'] !== undefined)
      return refusal(
        options.provider,
        415,
        'invalid_request_error',
        'fake provider: compressed request bodies are not accepted',
      );
    if (options.apiKey !== undefined && key !== options.apiKey && request.path !== '/') {
      return refusal(
        options.provider,
        401,
        options.provider === 'anthropic' ? 'authentication_error' : 'invalid_request_error',
        'fake provider: invalid x-api-key or bearer token',
      );
    }
    return options.provider === 'anthropic'
      ? answerAnthropic(
          request,
          options.conversation,
          options.workingDirectory ? { workingDirectory: options.workingDirectory } : {},
        )
      : answerOpenAi(request, options.conversation);
  };

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBodyBytes) req.destroy(new Error('request body too large'));
      else chunks.push(chunk);
    });
    req.on('error', () => res.destroy());
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'https://fake.invalid');
      const request: FakeProviderRequest = {
        method: req.method ?? 'GET',
        path: url.pathname,
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      const key = presentedKey(req);
      const reply = answer(request, key);
      requests.push({ ...request, query: url.search, presentedKey: key, answer: reply.turn });
      res.writeHead(reply.status, {
        'content-type': reply.contentType,
        'cache-control': 'no-cache',
        ...(reply.contentType === 'application/json'
          ? { 'content-length': Buffer.byteLength(reply.body) }
          : {}),
      });
      res.end(req.method === 'HEAD' ? undefined : reply.body);
    });
  };

  const server: Server = createServer({ key: keyPem, cert: certPem }, handle);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const origin = `https://${host.includes(':') ? `[${host}]` : host}:${port}`;
  return {
    provider: options.provider,
    origin,
    baseUrl: options.provider === 'openai' ? `${origin}/v1` : origin,
    caPem: ca.certPem,
    caFile,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
