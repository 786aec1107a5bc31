import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { EgressLogRecord } from '../../src/egress/egress-log-record.js';
import { ResolutionSwitch } from '../../src/egress/resolution-switch.js';
import { base62Crc32 } from '../../src/scan/validate-secret.js';
import { EVENTS_PATH } from '../../src/telemetry/run-event-sink.js';
import type { ContainmentAnswer, RunEventBatch } from '../../src/telemetry/run-event.js';
import { startRunTelemetry } from '../../src/telemetry/run-telemetry.js';
import { REDACTED_FIELD } from '../../src/telemetry/screen-run-event.js';

// One run's telemetry against a real HTTP events endpoint: records screened before they leave,
// and the App's revocation turning the shared resolution switch off.

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

let server: Server;
let url = '';
const batches: RunEventBatch[] = [];
let revoke = false;

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.url !== EVENTS_PATH) return void res.writeHead(404).end();
      batches.push(JSON.parse(Buffer.concat(chunks).toString('utf8')) as RunEventBatch);
      const answer: ContainmentAnswer = { accepted: 1, duplicate: false, containment: { revoked: revoke, suspended: false, actions: revoke ? ['revoke'] : [], reasons: revoke ? ['a placeholder sent to an unbound host'] : [] } };
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const egress = (over: Partial<EgressLogRecord>): EgressLogRecord => ({ time: '2026-12-06T10:00:00.000Z', kind: 'connect', method: 'CONNECT', host: 'h.example', port: 443, path: '', decision: 'deny', reason: 'host-not-allowed', status: 403, requestBytes: 0, responseBytes: 0, durationMs: 1, ...over });

describe('run telemetry', () => {
  it('screens every event before it leaves, and a revocation stops resolution once, with one warning', async () => {
    const held = `ghs_${randomBytes(27).toString('base64url').slice(0, 36)}`;
    // Not a value of the run, but what the secret scanner reads as a credential (well-formed, checksum included).
    const body = Array.from(randomBytes(30), (b) => BASE62[b % 62]).join('');
    const foreign = `ghp_${body}${base62Crc32(body)}`;
    const resolution = new ResolutionSwitch();
    const warnings: string[] = [];
    const telemetry = startRunTelemetry({ appUrl: url, identity: 'agent', idToken: async () => 'oidc', fetch, resolution, sensitive: () => [{ value: held, label: 'github-token' }], gatewayHost: 'llm.airlock', warn: (m) => warnings.push(m), intervalMs: 3_600_000 });
    telemetry.egress(egress({ host: `${held.toLowerCase()}.evil.example` }));
    telemetry.egress(egress({ kind: 'https', method: 'M-SEARCH', host: 'ok.example', path: `/${held}` }));
    telemetry.record({ kind: 'placeholder_misuse', at: '2026-12-06T10:00:00.000Z', host: 'evil.example', credential: foreign });
    revoke = true;
    const report = await telemetry.close(5_000);
    const sent = JSON.stringify(batches);
    expect(sent).not.toContain(held);
    expect(sent).not.toContain(held.toLowerCase());
    expect(sent).not.toContain(foreign);
    const events = batches.flatMap((b) => b.events);
    expect(events[0]).toMatchObject({ kind: 'egress', host: REDACTED_FIELD });
    expect(events[1]).toMatchObject({ kind: 'egress', host: 'ok.example', method: 'OTHER', pathClass: 'other' });
    expect(events[2]).toMatchObject({ kind: 'placeholder_misuse', host: 'evil.example', credential: REDACTED_FIELD });
    expect(resolution.stopped).toBe('revoked-by-containment');
    expect(report).toMatchObject({ sent: 3, revoked: true, actions: ['revoke'] });
    expect(warnings).toEqual([expect.stringMatching(/containment revoked this run's credentials \(a placeholder sent to an unbound host\).*revoked-by-containment/)]);
  });
});
