import { createHash, generateKeyPairSync } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLocalJWKSet, jwtVerify, type JSONWebKeySet } from 'jose';
import { readBody, sendJson } from '../../http/json-http.js';
import { buildTrustedRoot, type TrustedRootJson } from './trusted-root.js';

/** The subset of `@sigstore/mock` the world uses; loaded at run time (a dev dependency, not bundled). */
interface SigstoreMock {
  initializeCTLog(keyPair: KeyPair): Promise<{ publicKey: ArrayBuffer | Buffer; logID: ArrayBufferView }>;
  initializeCA(keyPair: KeyPair, ctLog?: unknown): Promise<{ rootCertificate: ArrayBufferView }>;
  initializeTLog(url: string, keyPair: KeyPair, clock?: Date): Promise<{ publicKey: Buffer }>;
  initializeTSA(keyPair: KeyPair, clock?: Date): Promise<{ rootCertificate: ArrayBufferView; intCertificate: ArrayBufferView }>;
  fulcioHandler(ca: unknown, opts?: { subjectClaim?: string }): Handler;
  rekorHandler(tlog: unknown): Handler;
  tsaHandler(tsa: unknown): Handler;
}
type KeyPair = ReturnType<typeof generateKeyPairSync>;
interface Handler {
  path: string;
  fn: (body: string) => Promise<{ statusCode: number; response: string | ArrayBufferView; contentType?: string }>;
}

export interface SigstoreStandIn {
  /** Base URL of Fulcio, Rekor and the TSA (one server, their real paths). */
  url: string;
  /** A `trusted_root.json` (Sigstore's protobuf-specs format) for exactly these services. */
  trustedRoot: TrustedRootJson;
  /** Entries Rekor accepted, newest last; the world's view of the transparency log. */
  entries: unknown[];
  close(): Promise<void>;
}

/** Fulcio puts this URI in the certificate for a GitHub Actions token: https://github.com/<job_workflow_ref>. */
const SAN_CLAIM = 'airlock_world_san';

/**
 * Fulcio, Rekor and a timestamp authority for the local world, built on `@sigstore/mock`'s
 * handlers behind a real HTTP server on 127.0.0.1. Unlike the mock, Fulcio here verifies the OIDC
 * token against the world's issuer (as the real one does), and the mock's quirks are fixed here so
 * product code stays untouched: its Rekor stores DSSE entries as proposed rather than in Rekor's
 * canonical form, and its TSA writes 1-2 fractional digits where RFC 3161 parsers expect none or 3.
 * https://github.com/sigstore/fulcio/blob/main/docs/oidc.md#github
 */
export async function startSigstore(options: { oidcIssuer: string; jwks: () => JSONWebKeySet; githubServerUrl?: string }): Promise<SigstoreStandIn> {
  const mock = (await import('@sigstore/mock')) as unknown as SigstoreMock & { default?: SigstoreMock };
  const m: SigstoreMock = mock.default ?? mock;
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const ec = () => generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const ctlog = await m.initializeCTLog(ec());
  const ca = await m.initializeCA(ec(), ctlog);
  const tlog = await m.initializeTLog(url, ec());
  // The TSA reads this Date for genTime; it is set to a whole second before each request.
  const tsaClock = new Date();
  const tsa = await m.initializeTSA(ec(), tsaClock);
  const fulcio = m.fulcioHandler(ca, { subjectClaim: SAN_CLAIM });
  const rekor = m.rekorHandler(tlog);
  const timestamp = m.tsaHandler(tsa);
  const entries: unknown[] = [];
  const githubServerUrl = options.githubServerUrl ?? 'https://github.com';

  const routes: Record<string, (body: string) => Promise<Awaited<ReturnType<Handler['fn']>>>> = {
    [fulcio.path]: async (body) => {
      const request = JSON.parse(body) as { credentials?: { oidcIdentityToken?: string } };
      const token = request.credentials?.oidcIdentityToken ?? '';
      let claims: Record<string, unknown>;
      try {
        ({ payload: claims } = await jwtVerify(token, createLocalJWKSet(options.jwks()), { issuer: options.oidcIssuer, audience: 'sigstore' }));
      } catch (error) {
        return { statusCode: 401, response: JSON.stringify({ code: 401, message: `invalid OIDC token: ${(error as Error).message}` }) };
      }
      if (typeof claims.job_workflow_ref !== 'string') return { statusCode: 400, response: JSON.stringify({ code: 400, message: 'token has no job_workflow_ref' }) };
      // The mock only decodes the token; hand it the verified claims plus the subject Fulcio derives.
      const forMock = unsignedJwt({ ...claims, [SAN_CLAIM]: `${githubServerUrl}/${claims.job_workflow_ref}` });
      return fulcio.fn(JSON.stringify({ ...request, credentials: { oidcIdentityToken: forMock } }));
    },
    [rekor.path]: async (body) => {
      const result = await rekor.fn(JSON.stringify(canonicalDsseEntry(JSON.parse(body))));
      if (result.statusCode === 201) entries.push(JSON.parse(String(result.response)));
      return result;
    },
    [timestamp.path]: async (body) => {
      tsaClock.setTime(Math.floor(Date.now() / 1000) * 1000);
      return timestamp.fn(body);
    },
  };

  server.on('request', (req, res) => {
    void (async () => {
      const route = req.method === 'POST' ? routes[new URL(req.url ?? '/', url).pathname] : undefined;
      if (!route) return sendJson(res, 404, { code: 404, message: 'not found' });
      try {
        const result = await route((await readBody(req, 1 << 20)).toString('utf8'));
        const body = typeof result.response === 'string' ? result.response : Buffer.from(result.response.buffer, result.response.byteOffset, result.response.byteLength);
        res.writeHead(result.statusCode, { 'content-type': result.contentType ?? 'application/json' }).end(body);
      } catch (error) {
        sendJson(res, 400, { code: 400, message: (error as Error).message });
      }
    })();
  });

  return {
    url,
    trustedRoot: buildTrustedRoot({ url, ca: ca.rootCertificate, ctlog, tlogPublicKey: tlog.publicKey, tsa }),
    entries,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function unsignedJwt(claims: Record<string, unknown>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'none', typ: 'JWT' })}.${part(claims)}.`;
}

/**
 * Rekor turns a proposed `dsse` entry into its canonical form (hashes and signatures, not the
 * envelope) before logging it; verifiers compare the bundle against that form.
 * https://github.com/sigstore/rekor/blob/main/pkg/types/dsse/v0.0.1/entry.go
 */
function canonicalDsseEntry(proposed: { kind?: string; apiVersion?: string; spec?: { proposedContent?: { envelope: string; verifiers: string[] } } }): unknown {
  const content = proposed.spec?.proposedContent;
  if (proposed.kind !== 'dsse' || !content) return proposed;
  const envelope = JSON.parse(content.envelope) as { payload: string; signatures: { sig: string }[] };
  const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');
  return {
    apiVersion: proposed.apiVersion,
    kind: 'dsse',
    spec: {
      envelopeHash: { algorithm: 'sha256', value: sha256(content.envelope) },
      payloadHash: { algorithm: 'sha256', value: sha256(Buffer.from(envelope.payload, 'base64')) },
      signatures: envelope.signatures.map((s, i) => ({ signature: s.sig, verifier: content.verifiers[i] ?? content.verifiers[0] })),
    },
  };
}
