import { mkdtemp, rm } from 'node:fs/promises';
import { createServer as createHttpsServer, type Server } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ResolutionSwitch } from '../../src/egress/resolution-switch.js';
import type { GatewayLogRecord } from '../../src/gateway/gateway-log-record.js';
import { startLlmGateway, type LlmGateway } from '../../src/gateway/llm-gateway.js';
import { requestModel } from '../../src/gateway/request-model.js';
import { UsageTally } from '../../src/gateway/usage-tally.js';
import { gatewayRunEvents } from '../../src/telemetry/gateway-run-event.js';
import { callGateway, fakeAnthropicKey, fakeOpenAiKey, makeTestPki } from '../gateway/gateway-fixtures.js';

/*
 * The LLM gateway's side of run telemetry against a real HTTPS provider stand-in: the model from
 * the request, the token counts from the provider's answer (streamed in pieces that cut the usage
 * fields), as a gateway_call event; and the shared resolution switch, which stops the gateway
 * forwarding with the real key.
 */
const SSE = [
  'event: message_start\ndata: {"type":"message_start","message":{"model":"claude-test","usage":{"input_tokens":1234,"cache_creation_input_tokens":99,"output_tokens":1}}}\n\n',
  'event: content_block_delta\ndata: {"type":"content_block_delta","delta":{"type":"text_delta","text":"hello"}}\n\n',
  'event: message_delta\ndata: {"type":"message_delta","usage":{"output_tokens":4321}}\n\n',
  'event: message_stop\ndata: {"type":"message_stop"}\n\n',
].join('');

let dir: string;
let upstream: Server;
let origin = '';
let received = 0;
let gw: LlmGateway;
const resolution = new ResolutionSwitch();
const logs: GatewayLogRecord[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'airlock-gateway-telemetry-'));
  const pki = makeTestPki(dir);
  upstream = createHttpsServer({ key: pki.serverKey, cert: pki.serverCert }, (req, res) => {
    received++;
    req.resume();
    req.on('end', () => {
      if (req.url === '/v1/messages') {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        // Written in pieces that cut "input_tokens" and the 4321 apart.
        const cuts = [SSE.indexOf('input_tok') + 5, SSE.indexOf('4321') + 2, SSE.length];
        let at = 0;
        const next = () => {
          const cut = cuts.shift();
          if (cut === undefined) return res.end();
          res.write(SSE.slice(at, cut));
          at = cut;
          setTimeout(next, 10);
        };
        next();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: 'c', model: 'gpt-test', usage: { prompt_tokens: 77, completion_tokens: 8, total_tokens: 85 } }));
    });
  });
  await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', () => r()));
  origin = `https://127.0.0.1:${(upstream.address() as { port: number }).port}`;
  gw = await startLlmGateway({
    providers: { anthropic: { apiKey: fakeAnthropicKey(), upstream: origin }, openai: { apiKey: fakeOpenAiKey(), upstream: origin } },
    ca: pki.caCert,
    onLog: (r) => logs.push(r),
    resolution,
  });
});
afterAll(async () => {
  await gw.close();
  upstream.closeAllConnections();
  await new Promise<void>((r) => upstream.close(() => r()));
  await rm(dir, { recursive: true, force: true });
});

const lastLog = async (count: number) => {
  while (logs.length < count) await new Promise((r) => setTimeout(r, 10));
  return logs[count - 1]!;
};

describe('gateway calls as run events', () => {
  it('an Anthropic stream: the model from the request, input and output tokens from the answer cut in pieces', async () => {
    const answer = await callGateway({ url: `${gw.baseUrls.anthropic}/v1/messages` }, 'POST', {
      headers: { 'x-api-key': gw.placeholderKeys.anthropic!, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'claude-sonnet-4-5', stream: true, max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(answer.status).toBe(200);
    const record = await lastLog(1);
    expect(record).toMatchObject({ provider: 'anthropic', model: 'claude-sonnet-4-5', inputTokens: 1234, outputTokens: 4321, decision: 'allow' });
    expect(gatewayRunEvents(record, 'llm.airlock')).toEqual([{ kind: 'gateway_call', at: record.time, provider: 'anthropic', model: 'claude-sonnet-4-5', inputTokens: 1234, outputTokens: 4321, decision: 'allow' }]);
  });

  it("an OpenAI JSON answer: prompt and completion tokens", async () => {
    const answer = await callGateway({ url: `${gw.baseUrls.openai}/chat/completions` }, 'POST', {
      headers: { authorization: `Bearer ${gw.placeholderKeys.openai!}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-5.5', messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(answer.status).toBe(200);
    expect(await lastLog(2)).toMatchObject({ provider: 'openai', model: 'gpt-5.5', inputTokens: 77, outputTokens: 8 });
  });

  it('a refusal maps to its gateway_call deny, and a blocked body or another provider’s key to dlp_block or placeholder_misuse', () => {
    const base: GatewayLogRecord = { time: 't', provider: 'anthropic', method: 'POST', path: '/v1/messages', upstream: undefined, decision: 'deny', status: 403, requestBytes: 10, responseBytes: 0, scrubbed: 0, durationMs: 1 };
    expect(gatewayRunEvents({ ...base, reason: 'body-blocked', rules: ['github-pat'] }, 'llm.airlock')).toEqual([
      { kind: 'gateway_call', at: 't', provider: 'anthropic', model: 'unknown', inputTokens: 0, outputTokens: 0, decision: 'deny' },
      { kind: 'dlp_block', at: 't', host: 'llm.airlock', rules: ['github-pat'] },
    ]);
    expect(gatewayRunEvents({ ...base, reason: 'placeholder-wrong-provider', status: 401 }, 'llm.airlock')[1]).toEqual({ kind: 'placeholder_misuse', at: 't', host: 'llm.airlock', credential: 'llm-key' });
  });

  it('once containment stops resolution, the gateway refuses (revoked-by-containment) and the provider sees nothing', async () => {
    const before = received;
    resolution.stop('revoked-by-containment');
    const answer = await callGateway({ url: `${gw.baseUrls.anthropic}/v1/messages` }, 'POST', {
      headers: { 'x-api-key': gw.placeholderKeys.anthropic!, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'claude-sonnet-4-5', max_tokens: 10, messages: [] }),
    });
    expect(answer.status).toBe(403);
    expect(answer.headers['x-airlock-gateway']).toBe('revoked-by-containment');
    expect(received).toBe(before);
    expect(await lastLog(3)).toMatchObject({ decision: 'deny', reason: 'revoked-by-containment' });
  });
});

describe('model and usage readers', () => {
  it('reads a model name only when it is one; free text is not reported', () => {
    expect(requestModel(Buffer.from('{"model":"claude-sonnet-4-5","x":1}'))).toBe('claude-sonnet-4-5');
    expect(requestModel(Buffer.from('{"model":"ghs_abc def ghi and any text"}'))).toBeUndefined();
    expect(requestModel(Buffer.from('not json'))).toBeUndefined();
    expect(requestModel(Buffer.from('{"model":42}'))).toBeUndefined();
  });

  it('counts usage fields split at every byte across two chunks', () => {
    const text = 'data: {"usage":{"input_tokens": 5678,"output_tokens":91011}}\n\n';
    for (let cut = 0; cut <= text.length; cut++) {
      const tally = new UsageTally();
      tally.push(Buffer.from(text.slice(0, cut)));
      tally.push(Buffer.from(text.slice(cut)));
      expect([tally.inputTokens, tally.outputTokens]).toEqual([5678, 91011]);
    }
  });
});
