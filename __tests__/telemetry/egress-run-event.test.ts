import { randomBytes, randomInt } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { compileCredentials, type CredentialBinding } from '../../src/egress/credential-binding.js';
import type { EgressLogRecord } from '../../src/egress/egress-log-record.js';
import { normalizeHost } from '../../src/egress/normalize-host.js';
import type { ProxyTarget } from '../../src/egress/parse-proxy-target.js';
import { ResolutionSwitch } from '../../src/egress/resolution-switch.js';
import { egressRunEvents } from '../../src/telemetry/egress-run-event.js';
import { pathClass } from '../../src/telemetry/path-class.js';
import { RUN_EVENT_LIMITS, type RunEventBatch } from '../../src/telemetry/run-event.js';
import { REDACTED_FIELD, screenRunEvent } from '../../src/telemetry/screen-run-event.js';
import { valueMatcher } from '../../src/telemetry/value-matcher.js';

const record = (over: Partial<EgressLogRecord> = {}): EgressLogRecord => ({
  time: '2026-12-06T10:00:00.000Z',
  kind: 'https',
  method: 'GET',
  host: 'api.github.com',
  port: 443,
  path: '/repos/acme/widgets',
  decision: 'allow',
  status: 200,
  requestBytes: 12,
  responseBytes: 345,
  durationMs: 3,
  ...over,
});

const ghToken = () => `ghs_${randomBytes(27).toString('base64url').slice(0, 36)}`;

describe('egress records as run events', () => {
  it('an allowed request is an egress event with its path class and bytes, never its path', () => {
    expect(egressRunEvents(record())).toEqual([{ kind: 'egress', at: '2026-12-06T10:00:00.000Z', decision: 'allow', host: 'api.github.com', method: 'GET', pathClass: 'api', bytesOut: 12, bytesIn: 345 }]);
  });

  it('a refused host is an egress deny event with the refusal code', () => {
    const [event, ...rest] = egressRunEvents(record({ kind: 'connect', method: 'CONNECT', host: 'evil.example', path: '', decision: 'deny', reason: 'host-not-allowed', status: 403, requestBytes: 0, responseBytes: 0 }));
    expect(event).toMatchObject({ kind: 'egress', decision: 'deny', host: 'evil.example', method: 'CONNECT', pathClass: 'other', reason: 'host-not-allowed' });
    expect(rest).toEqual([]);
  });

  it('a placeholder toward a host it is not bound to is also a placeholder_misuse naming the credential', () => {
    const events = egressRunEvents(record({ host: 'evil.example', decision: 'deny', reason: 'placeholder-wrong-host', credential: 'github-token', status: 403 }));
    expect(events.map((e) => e.kind)).toEqual(['egress', 'placeholder_misuse']);
    expect(events[1]).toEqual({ kind: 'placeholder_misuse', at: '2026-12-06T10:00:00.000Z', host: 'evil.example', credential: 'github-token' });
  });

  it('a DLP block is also a dlp_block with the rule ids', () => {
    const events = egressRunEvents(record({ method: 'POST', decision: 'deny', reason: 'dlp-blocked:github-pat,aws-access-key', status: 403 }));
    expect(events[1]).toEqual({ kind: 'dlp_block', at: '2026-12-06T10:00:00.000Z', host: 'api.github.com', rules: ['github-pat', 'aws-access-key'] });
    expect(egressRunEvents(record({ decision: 'deny', reason: 'sensitive-value-in-request', status: 403 }))[1]).toMatchObject({ kind: 'dlp_block', rules: ['known-value'] });
  });

  it('a resolved request is also a resolution of its credential; a terminated tunnel is no event (its requests are)', () => {
    const events = egressRunEvents(record({ credential: 'vault:NPM_TOKEN', resolved: true, host: 'registry.npmjs.org' }));
    expect(events[1]).toEqual({ kind: 'resolution', at: '2026-12-06T10:00:00.000Z', credential: 'vault:NPM_TOKEN', host: 'registry.npmjs.org' });
    expect(egressRunEvents(record({ kind: 'connect', method: 'CONNECT', path: '', reason: 'terminated' }))).toEqual([]);
  });

  it('classes paths without keeping them', () => {
    const cls = (host: string, path: string, kind: EgressLogRecord['kind'] = 'https') => pathClass({ kind, host, path });
    expect(cls('github.com', '/')).toBe('root');
    expect(cls('github.com', '/acme/widgets.git/info/refs')).toBe('git');
    expect(cls('github.com', '/acme/widgets.git/git-upload-pack')).toBe('git');
    expect(cls('uploads.github.com', '/repos/acme/widgets/releases/1/assets')).toBe('upload');
    expect(cls('github.com', '/acme/widgets/releases/download/v1/x.tgz')).toBe('download');
    expect(cls('api.github.com', '/repos/acme/widgets/actions/artifacts/7/zip')).toBe('download');
    expect(cls('api.github.com', '/repos/acme/widgets')).toBe('api');
    expect(cls('registry.npmjs.org', '/left-pad')).toBe('other');
    expect(cls('github.com', '', 'connect')).toBe('other');
  });
});

describe('no path, query or header value ever reaches an event (property-style)', () => {
  it('random records whose path, query and headers hold a token never put it in a serialized batch', () => {
    const kinds: EgressLogRecord['kind'][] = ['http', 'https', 'connect', 'upgrade'];
    const reasons = [undefined, 'host-not-allowed', 'placeholder-wrong-host', 'placeholder-in-url', 'dlp-blocked:generic-api-key', 'sensitive-value-in-request', 'path-not-allowed', 'audit:host-not-allowed'];
    for (let i = 0; i < 500; i++) {
      const token = ghToken();
      const other = randomBytes(20).toString('hex');
      // Wherever an agent could put a value: a path segment, the query the proxy drops, an encoded form.
      const path = [`/${token}`, `/repos/${token}/x`, `/upload/${encodeURIComponent(token)}?q=${other}`, `/download/${Buffer.from(token).toString('base64')}`][i % 4]!;
      const decision = i % 3 === 0 ? 'allow' : 'deny';
      const r = record({
        kind: kinds[randomInt(kinds.length)]!,
        method: ['GET', 'POST', 'PUT', 'CONNECT'][randomInt(4)]!,
        // An agent-chosen host carrying the run's own token must be screened out too.
        host: i % 5 === 0 ? `${token.toLowerCase()}.evil.example` : `h${i}.example`,
        path,
        decision,
        ...(reasons[i % reasons.length] ? { reason: reasons[i % reasons.length]! } : {}),
        ...(i % 2 ? { credential: 'github-token', resolved: decision === 'allow' } : {}),
      });
      // As run-telemetry.ts screens: the run's values in any encoding, and lowered (hosts are normalised to lower case).
      const carries = valueMatcher([{ value: token, label: 'github-token' }]);
      const batch: RunEventBatch = { identity: 'agent', seq: 1, dropped: 0, events: egressRunEvents(r).map((e) => screenRunEvent(e, carries)) };
      const text = JSON.stringify(batch);
      for (const form of [token, token.toLowerCase(), other, encodeURIComponent(token), Buffer.from(token).toString('base64'), path]) expect(text).not.toContain(form);
      expect(batch.events.length).toBeGreaterThan(0);
    }
  });

  it('screening cuts fields to the App limits and replaces any field that carries a value of the run', () => {
    const long = 'x'.repeat(1000);
    const screened = screenRunEvent({ kind: 'dlp_block', at: 't', host: long, rules: Array.from({ length: 50 }, (_, i) => `rule-${i}`) }, () => false);
    expect(screened).toMatchObject({ host: 'x'.repeat(RUN_EVENT_LIMITS.stringLength) });
    expect((screened as { readonly rules: readonly string[] }).rules).toHaveLength(RUN_EVENT_LIMITS.rulesPerEvent);
    expect(screenRunEvent({ kind: 'resolution', at: 't', credential: 'github-token', host: 'secret.example' }, (t) => t.startsWith('secret'))).toEqual({ kind: 'resolution', at: 't', credential: 'github-token', host: REDACTED_FIELD });
  });
});

describe('the resolution switch in the egress proxy', () => {
  const placeholder = ghToken();
  const binding: CredentialBinding = { id: 'github-token', kind: 'github-token', placeholder, hosts: [{ host: 'api.github.com', ports: [443] }], placements: [{ kind: 'authorization', schemes: ['token'] }], real: () => 'unused' };
  const target = (host: string): ProxyTarget => ({ host: normalizeHost(host) as ProxyTarget['host'], port: 443, path: '/user', query: '' });
  const ask = (set: ReturnType<typeof compileCredentials>, host: string) => set.find({ scheme: 'https', target: target(host), headers: { authorization: `token ${placeholder}` }, url: '/user' });

  it('resolves while on; once containment stops it every binding refuses with revoked-by-containment', () => {
    const resolution = new ResolutionSwitch();
    const set = compileCredentials([binding], { resolution });
    expect(ask(set, 'api.github.com')).toMatchObject({ ok: true, found: { credential: { id: 'github-token' } } });
    expect(resolution.stop('revoked-by-containment')).toBe(true);
    expect(resolution.stop('revoked-by-containment')).toBe(false);
    expect(ask(set, 'api.github.com')).toMatchObject({ ok: false, reason: 'revoked-by-containment', credential: 'github-token' });
    expect(set.stopped()).toBe('revoked-by-containment');
    // A request without a placeholder is not a resolution: the switch does not touch it.
    expect(set.find({ scheme: 'https', target: target('api.github.com'), headers: {}, url: '/' })).toEqual({ ok: true });
  });

  it('names the credential of a placeholder sent toward a host it is not bound to (misuse still reported after revocation)', () => {
    const resolution = new ResolutionSwitch();
    const set = compileCredentials([binding], { resolution });
    expect(ask(set, 'evil.example')).toEqual({ ok: false, reason: 'placeholder-wrong-host', credential: 'github-token' });
    resolution.stop('revoked-by-containment');
    expect(ask(set, 'evil.example')).toMatchObject({ reason: 'placeholder-wrong-host' });
    expect(set.find({ scheme: 'https', target: target('api.github.com'), headers: {}, url: `/x?t=${placeholder}` })).toEqual({ ok: false, reason: 'placeholder-in-url', credential: 'github-token' });
  });
});
