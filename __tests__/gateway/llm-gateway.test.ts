import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gatewayEnvironment } from '../../src/gateway/gateway-environment.js';
import { GatewayError } from '../../src/gateway/gateway-error.js';
import type { GatewayLogRecord } from '../../src/gateway/gateway-log-record.js';
import { startLlmGateway, type LlmGateway } from '../../src/gateway/llm-gateway.js';
import { tokenVaultValues } from '../../src/gateway/sensitive-values.js';
import { SCRUB_MARKER } from '../../src/gateway/stream-scrubber.js';
import { TokenVault } from '../../src/scan/token-vault.js';
import {
  callGateway,
  fakeAnthropicKey,
  fakeOpenAiKey,
  makeTestPki,
  startFakeProvider,
  type FakeProvider,
  type TestPki,
} from './gateway-fixtures.js';

const ANTHROPIC_KEY = fakeAnthropicKey();
const OPENAI_KEY = fakeOpenAiKey();
/** Stands for a credential Airlock minted for this run (a GitHub installation token). */
const MINTED = `ghs_${randomBytes(27).toString('base64url').slice(0, 36)}`;
/** A secret found in the workspace: the agent sees only its token. */
const WORKSPACE_SECRET = `db-pass-${randomBytes(12).toString('hex')}`;
const vault = new TokenVault();
const WORKSPACE_TOKEN = vault.tokenFor(WORKSPACE_SECRET, 'DB_PASSWORD');
const CAP = 4096;
const MESSAGE = JSON.stringify({
  model: 'claude-test',
  max_tokens: 16,
  messages: [{ role: 'user', content: 'Say hello' }],
});

let dir: string;
let pki: TestPki;
let anthropic: FakeProvider;
let openai: FakeProvider;
let evil: FakeProvider;
let gw: LlmGateway;
const logs: GatewayLogRecord[] = [];

const everything = (): FakeProvider[] => [anthropic, openai, evil];
const receivedCount = () => everything().reduce((n, p) => n + p.received.length, 0);
const url = (provider: 'anthropic' | 'openai', path: string) => `${gw.baseUrls[provider]}${path}`;
const anthropicHeaders = (extra: Record<string, string> = {}) => ({
  'x-api-key': gw.placeholderKeys.anthropic!,
  'anthropic-version': '2023-06-01',
  'content-type': 'application/json',
  ...extra,
});

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'airlock-gateway-'));
  pki = makeTestPki(dir);
  const trusted = { key: pki.serverKey, cert: pki.serverCert };
  evil = await startFakeProvider(trusted);
  anthropic = await startFakeProvider(trusted, `${evil.origin}/steal`);
  openai = await startFakeProvider(trusted);
  gw = await startLlmGateway({
    providers: {
      anthropic: { apiKey: ANTHROPIC_KEY, upstream: anthropic.origin },
      openai: { apiKey: OPENAI_KEY, upstream: openai.origin },
    },
    ca: pki.caCert,
    onLog: (r) => logs.push(r),
    sensitiveValues: () => [
      { value: MINTED, label: 'github-installation-token' },
      ...tokenVaultValues(vault),
    ],
    socketPath: join(dir, 'gateway.sock'),
    maxRequestBodyBytes: CAP,
  });
});

afterAll(async () => {
  await gw.close();
  await Promise.all(everything().map((p) => p.close()));
  // No key, real or placeholder, and no body ever reached the log.
  const text = JSON.stringify(logs);
  for (const secret of [ANTHROPIC_KEY, OPENAI_KEY, MINTED, WORKSPACE_SECRET, 'Say hello'])
    expect(text).not.toContain(secret);
  expect(text).not.toContain('airlock-placeholder-');
  await rm(dir, { recursive: true, force: true });
});

describe('LLM gateway: keys', () => {
  it('gives the agent per-run placeholders and base URLs in each SDK convention', () => {
    expect(gw.placeholderKeys.anthropic).toMatch(/^airlock-placeholder-anthropic-[0-9a-f]{32}$/);
    expect(gw.placeholderKeys.openai).toMatch(/^airlock-placeholder-openai-[0-9a-f]{32}$/);
    expect(gw.baseUrls.anthropic).toBe(`${gw.origin}/anthropic`);
    expect(gw.baseUrls.openai).toBe(`${gw.origin}/openai/v1`);
    expect(gatewayEnvironment('http://llm.airlock/', gw.placeholderKeys)).toEqual({
      ANTHROPIC_BASE_URL: 'http://llm.airlock/anthropic',
      ANTHROPIC_API_KEY: gw.placeholderKeys.anthropic,
      OPENAI_BASE_URL: 'http://llm.airlock/openai/v1',
      OPENAI_API_KEY: gw.placeholderKeys.openai,
    });
  });

  it('swaps the Anthropic placeholder for the real key toward the bound provider only', async () => {
    const before = anthropic.received.length;
    const res = await callGateway({ url: url('anthropic', '/v1/messages?beta=true') }, 'POST', {
      headers: anthropicHeaders({ cookie: 'c=1', 'proxy-authorization': 'Basic x' }),
      body: MESSAGE,
    });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({
      ok: true,
      method: 'POST',
      url: '/v1/messages?beta=true',
    });
    const got = anthropic.received[before]!;
    expect(got.headers['x-api-key']).toBe(ANTHROPIC_KEY);
    expect(got.headers.authorization).toBeUndefined();
    expect(got.headers.cookie).toBeUndefined();
    expect(got.headers['proxy-authorization']).toBeUndefined();
    expect(got.headers['anthropic-version']).toBe('2023-06-01');
    expect(got.headers.host).toBe(new URL(anthropic.origin).host);
    expect(got.body).toBe(MESSAGE);
    expect(logs.at(-1)).toMatchObject({
      provider: 'anthropic',
      method: 'POST',
      path: '/v1/messages',
      upstream: new URL(anthropic.origin).host,
      decision: 'allow',
      status: 200,
      requestBytes: MESSAGE.length,
      responseBytes: res.body.length,
    });
  });

  it('swaps the OpenAI placeholder (Bearer) toward its own bound provider, never the other', async () => {
    const res = await callGateway({ url: url('openai', '/chat/completions') }, 'POST', {
      headers: {
        authorization: `Bearer ${gw.placeholderKeys.openai}`,
        'content-type': 'application/json',
      },
      body: '{"model":"gpt-test","messages":[{"role":"user","content":"hi"}]}',
    });
    expect(res.status).toBe(200);
    expect(openai.received.at(-1)!.headers.authorization).toBe(`Bearer ${OPENAI_KEY}`);
    expect(openai.received.at(-1)!.url).toBe('/v1/chat/completions');
    const models = await callGateway({ url: url('openai', '/models') }, 'GET', {
      headers: { authorization: `Bearer ${gw.placeholderKeys.openai}` },
    });
    expect(models.status).toBe(200);
    // Each real key went to its own provider and nowhere else.
    const seen = (p: FakeProvider) => JSON.stringify(p.received.map((r) => r.headers));
    expect(seen(openai)).not.toContain(ANTHROPIC_KEY);
    expect(seen(anthropic)).not.toContain(OPENAI_KEY);
    expect(evil.received).toEqual([]);
  });

  it("refuses one provider's placeholder on another provider's route, and logs it", async () => {
    const before = receivedCount();
    const res = await callGateway({ url: url('openai', '/chat/completions') }, 'POST', {
      headers: { authorization: `Bearer ${gw.placeholderKeys.anthropic}` },
      body: '{}',
    });
    expect(res.status).toBe(401);
    expect(JSON.parse(res.body).error.code).toBe('placeholder-wrong-provider');
    const viaApiKey = await callGateway({ url: url('openai', '/models') }, 'GET', {
      headers: { 'x-api-key': gw.placeholderKeys.anthropic! },
    });
    expect(viaApiKey.headers['x-airlock-gateway']).toBe('placeholder-wrong-provider');
    expect(receivedCount()).toBe(before);
    expect(logs.at(-2)).toMatchObject({
      provider: 'openai',
      path: '/v1/chat/completions',
      decision: 'deny',
      reason: 'placeholder-wrong-provider',
      status: 401,
      upstream: undefined,
    });
  });

  it('refuses a missing key, a wrong key, the real key itself and a key in the wrong header', async () => {
    const before = receivedCount();
    const cases: [Record<string, string>, string][] = [
      [{}, 'missing-key'],
      [{ 'x-api-key': 'sk-ant-api03-guess' }, 'wrong-key'],
      [{ 'x-api-key': ANTHROPIC_KEY }, 'wrong-key'],
      [{ 'x-api-key': `${gw.placeholderKeys.anthropic}x` }, 'wrong-key'],
      [{ authorization: `Bearer ${gw.placeholderKeys.anthropic}` }, 'missing-key'],
    ];
    for (const [headers, reason] of cases) {
      const res = await callGateway({ url: url('anthropic', '/v1/messages') }, 'POST', {
        headers,
        body: MESSAGE,
      });
      expect([res.status, JSON.parse(res.body).error.code]).toEqual([401, reason]);
      expect(logs.at(-1)).toMatchObject({ provider: 'anthropic', decision: 'deny', reason });
    }
    expect(receivedCount()).toBe(before);
  });

  it('refuses a protected value in the query or in another header', async () => {
    const before = receivedCount();
    const requests: { path: string; headers: Record<string, string> }[] = [
      { path: `/v1/messages?k=${encodeURIComponent(MINTED)}`, headers: {} },
      { path: '/v1/messages', headers: { 'x-note': Buffer.from(OPENAI_KEY).toString('base64') } },
      { path: '/v1/messages', headers: { authorization: `Bearer ${ANTHROPIC_KEY}` } },
    ];
    for (const req of requests) {
      const res = await callGateway({ url: url('anthropic', req.path) }, 'POST', {
        headers: anthropicHeaders(req.headers),
        body: MESSAGE,
      });
      expect([res.status, res.headers['x-airlock-gateway']]).toEqual([
        403,
        'sensitive-value-in-request',
      ]);
    }
    expect(receivedCount()).toBe(before);
  });
});

describe('LLM gateway: request bodies', () => {
  it('blocks a body carrying a real key, its base64, a minted credential or a credential pattern', async () => {
    const before = receivedCount();
    const bodies = [
      { content: `my key is ${ANTHROPIC_KEY}` },
      { content: `encoded ${Buffer.from(OPENAI_KEY).toString('base64')}` },
      { content: `token ${MINTED}` },
      { content: 'aws AKIARLJV4BE4G3QFQHHI' },
    ];
    for (const content of bodies) {
      const res = await callGateway({ url: url('anthropic', '/v1/messages') }, 'POST', {
        headers: anthropicHeaders(),
        body: JSON.stringify({ model: 'm', messages: [{ role: 'user', ...content }] }),
        chunked: true,
      });
      expect([res.status, JSON.parse(res.body).error.code]).toEqual([403, 'body-blocked']);
      expect(logs.at(-1)).toMatchObject({ decision: 'deny', reason: 'body-blocked' });
    }
    expect(logs.at(-1)!.rules).toEqual(['aws-access-key-id']);
    expect(logs.at(-2)!.rules).toEqual(['known-value']);
    expect(receivedCount()).toBe(before);
  });

  it('blocks the real value behind a workspace token, while the token itself goes through', async () => {
    const ask = (content: string) =>
      callGateway({ url: url('anthropic', '/v1/messages') }, 'POST', {
        headers: anthropicHeaders(),
        body: JSON.stringify({ messages: [{ role: 'user', content }] }),
      });
    const before = anthropic.received.length;
    expect((await ask(`password is ${WORKSPACE_SECRET}`)).status).toBe(403);
    expect(anthropic.received.length).toBe(before);
    expect((await ask(`password is ${WORKSPACE_TOKEN}`)).status).toBe(200);
    expect(anthropic.received.at(-1)!.body).toContain(WORKSPACE_TOKEN);
  });

  it('refuses a body over the cap before anything goes upstream, declared or chunked', async () => {
    const before = receivedCount();
    const big = JSON.stringify({ content: 'x'.repeat(CAP) });
    for (const chunked of [false, true]) {
      const res = await callGateway({ url: url('anthropic', '/v1/messages') }, 'POST', {
        headers: anthropicHeaders(),
        body: big,
        chunked,
      });
      expect([res.status, res.headers['x-airlock-gateway']]).toEqual([413, 'body-too-large']);
    }
    expect(receivedCount()).toBe(before);
  });

  it('refuses compressed request bodies, which it could not scan as sent', async () => {
    const res = await callGateway({ url: url('anthropic', '/v1/messages') }, 'POST', {
      headers: anthropicHeaders({ 'content-encoding': 'gzip' }),
      body: MESSAGE,
    });
    expect(res.status).toBe(415);
  });

  it('with the redact policy, forwards the body with the credential replaced', async () => {
    const redacting = await startLlmGateway({
      providers: { anthropic: { apiKey: ANTHROPIC_KEY, upstream: anthropic.origin } },
      ca: pki.caCert,
      onLog: (r) => logs.push(r),
      sensitiveValues: () => [{ value: MINTED, label: 'github-installation-token' }],
      bodyPolicy: { knownValue: 'redact', pattern: 'redact' },
    });
    try {
      const before = anthropic.received.length;
      const res = await callGateway(
        { url: `${redacting.baseUrls.anthropic}/v1/messages` },
        'POST',
        {
          headers: { 'x-api-key': redacting.placeholderKeys.anthropic! },
          body: JSON.stringify({
            messages: [{ content: `use ${MINTED} and ${ANTHROPIC_KEY} now` }],
          }),
        },
      );
      expect(res.status).toBe(200);
      const got = anthropic.received[before]!;
      expect(got.body).not.toContain(MINTED);
      expect(got.body).not.toContain(ANTHROPIC_KEY);
      expect(JSON.parse(got.body).messages[0].content).toMatch(
        /^use \[airlock:redacted:[A-Z_]+\] and \[airlock:redacted:[A-Z_]+\] now$/,
      );
      expect(Number(got.headers['content-length'])).toBe(Buffer.byteLength(got.body));
      expect(logs.at(-1)).toMatchObject({ decision: 'redact', status: 200 });
      expect(logs.at(-1)!.rules).toContain('known-value');
    } finally {
      await redacting.close();
    }
  });
});

describe('LLM gateway: responses', () => {
  it('scrubs the real key and its base64 from a streamed SSE answer, even split across chunks', async () => {
    const res = await callGateway({ url: url('anthropic', '/v1/messages') }, 'POST', {
      headers: anthropicHeaders({ 'x-test-behaviour': 'reflect-sse' }),
      body: MESSAGE,
    });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/event-stream');
    expect(res.body).not.toContain(ANTHROPIC_KEY);
    expect(res.body).not.toContain(Buffer.from(ANTHROPIC_KEY).toString('base64').slice(4, 40));
    // The key was there to scrub: the provider echoed what it received.
    expect(anthropic.received.at(-1)!.headers['x-api-key']).toBe(ANTHROPIC_KEY);
    expect(res.body).toBe(
      `data: {"type":"delta","text":"your key is ${SCRUB_MARKER} ok"}\n\n` +
        `data: {"type":"delta","text":"b64 ${SCRUB_MARKER} done"}\n\ndata: [DONE]\n\n`,
    );
    expect(logs.at(-1)).toMatchObject({ decision: 'allow', status: 200, scrubbed: 2 });
  });

  it('decodes a gzip answer to scrub it, and scrubs response headers', async () => {
    const res = await callGateway({ url: url('anthropic', '/v1/messages') }, 'POST', {
      headers: anthropicHeaders({ 'x-test-behaviour': 'reflect-gzip' }),
      body: MESSAGE,
    });
    expect(res.status).toBe(401);
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(res.body)).toEqual({
      error: { message: `invalid x-api-key ${SCRUB_MARKER}` },
    });
    expect(res.headers['x-echo']).toBe(`bad key ${SCRUB_MARKER}`);
  });

  it('does not follow a redirect, nor pass it on', async () => {
    const res = await callGateway({ url: url('anthropic', '/v1/models') }, 'GET', {
      headers: anthropicHeaders({ 'x-test-behaviour': 'redirect' }),
    });
    expect([res.status, res.headers['x-airlock-gateway']]).toEqual([502, 'upstream-redirect']);
    expect(res.headers.location).toBeUndefined();
    expect(anthropic.received.at(-1)!.url).toBe('/v1/models');
    expect(evil.received).toEqual([]);
    expect(logs.at(-1)).toMatchObject({ decision: 'deny', reason: 'upstream-redirect' });
  });

  it('sends nothing to an upstream whose certificate the CA did not sign', async () => {
    const impostor = await startFakeProvider({ key: pki.untrustedKey, cert: pki.untrustedCert });
    const misbound = await startLlmGateway({
      providers: { anthropic: { apiKey: ANTHROPIC_KEY, upstream: impostor.origin } },
      ca: pki.caCert,
      onLog: (r) => logs.push(r),
    });
    try {
      const res = await callGateway({ url: `${misbound.baseUrls.anthropic}/v1/messages` }, 'POST', {
        headers: { 'x-api-key': misbound.placeholderKeys.anthropic! },
        body: MESSAGE,
      });
      expect([res.status, res.headers['x-airlock-gateway']]).toEqual([502, 'upstream-failed']);
      expect(impostor.received).toEqual([]);
    } finally {
      await misbound.close();
      await impostor.close();
    }
  });
});

describe('LLM gateway: routes and transport', () => {
  it('refuses unknown paths, unknown providers and methods off the list, logging no unmatched path', async () => {
    const before = receivedCount();
    const cases: [string, string, number][] = [
      ['POST', '/anthropic/v1/files', 404],
      ['POST', '/anthropic/v1/messages/../models', 404],
      ['POST', '/anthropic//v1/messages', 404],
      ['GET', '/google/v1/models', 404],
      ['GET', '/anthropic', 404],
      ['GET', '/anthropic/v1/messages', 405],
      ['DELETE', '/openai/v1/models', 405],
    ];
    for (const [method, path, status] of cases) {
      const res = await callGateway({ url: `${gw.origin}${path}` }, method, {
        headers: anthropicHeaders(),
      });
      expect([path, res.status]).toEqual([path, status]);
    }
    expect(receivedCount()).toBe(before);
    expect(logs.at(-4)).toMatchObject({ path: '', reason: 'unknown-route', provider: undefined });
    expect(logs.at(-2)).toMatchObject({ path: '/v1/messages', reason: 'method-not-allowed' });
  });

  it('serves the same routes on its unix socket, created mode 0600', async () => {
    const socketPath = join(dir, 'gateway.sock');
    expect((await stat(socketPath)).mode & 0o777).toBe(0o600);
    const res = await callGateway({ socketPath, path: '/anthropic/v1/models' }, 'GET', {
      headers: anthropicHeaders(),
    });
    expect(res.status).toBe(200);
    expect(anthropic.received.at(-1)!.headers['x-api-key']).toBe(ANTHROPIC_KEY);
  });

  it('refuses protocol upgrades', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(url('anthropic', '/v1/messages'), {
        headers: { ...anthropicHeaders(), connection: 'upgrade', upgrade: 'websocket' },
      });
      req.on('response', (res) => resolve(res.statusCode ?? 0));
      req.on('upgrade', () => reject(new Error('upgraded')));
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(403);
    expect(logs.at(-1)).toMatchObject({ decision: 'deny', reason: 'upgrade-refused' });
  });

  it('refuses options that would send a key in clear or leave it unscannable', async () => {
    const attempt = (providers: Parameters<typeof startLlmGateway>[0]['providers']) =>
      startLlmGateway({ providers, onLog: () => undefined }).then(
        () => 'started',
        (e: unknown) => (e instanceof GatewayError ? e.code : 'other'),
      );
    expect(await attempt({})).toBe('invalid-options');
    expect(
      await attempt({ anthropic: { apiKey: ANTHROPIC_KEY, upstream: 'http://127.0.0.1:1' } }),
    ).toBe('invalid-options');
    expect(
      await attempt({ anthropic: { apiKey: ANTHROPIC_KEY, upstream: 'https://a.test/v1' } }),
    ).toBe('invalid-options');
    expect(await attempt({ openai: { apiKey: 'short' } })).toBe('invalid-options');
    expect(await attempt({ openai: { apiKey: `${OPENAI_KEY}\r\nx: y` } })).toBe('invalid-options');
  });
});
