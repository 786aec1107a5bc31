import { isIPv6 } from 'node:net';
import { normalizeHost } from '../../src/egress/normalize-host.js';
import { scanText } from '../../src/scan/scan-text.js';
import { REDACTED_FIELD } from '../../src/telemetry/screen-run-event.js';
import { RUN_EVENT_KINDS, RUN_EVENT_LIMITS, type PathClass, type RunEvent, type RunEventBatch, type RunEventKind } from '../../src/telemetry/run-event.js';
import { TelemetryError } from './telemetry-error.js';

/**
 * The largest body `POST /airlock/v1/events` reads. Every batch within RUN_EVENT_LIMITS fits when
 * serialised compactly (the worst case, 200 `dlp_block` events of 20 rules of 256 characters,
 * is about 1.1 MB); anything larger is refused unread (`body_too_large`).
 */
export const RUN_EVENT_BODY_LIMIT = 2 * 1024 * 1024;

const PATH_CLASSES: readonly PathClass[] = ['root', 'api', 'git', 'upload', 'download', 'other'];
const MAX_STRING = RUN_EVENT_LIMITS.stringLength;
// Names and ids (rules, credentials, models, providers, backends, approvals): no spaces, quotes,
// backslashes or control characters, so nothing reads as markup or prose in a timeline.
const IDENTIFIER = /^[A-Za-z0-9][A-Za-z0-9._:/@#+=~-]*$/;
// The free-text fields (`reason`, and `model`, which the agent names): printable ASCII only.
const PRINTABLE = /^[\x20-\x7e]*$/;
const TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?Z$/;
const METHOD = /^[A-Z]{1,16}$/;
const SIGNAL = /^SIG[A-Z0-9]{1,12}$/;
// Trust policy names, as src/sts/trust-policy.ts trustPolicyPath accepts them.
const IDENTITY = /^[a-z0-9][a-z0-9_-]{0,63}$/;
const EXIT_CODE = { min: -(2 ** 31), max: 2 ** 32 - 1 };

type Fields = Record<string, unknown>;

const refuse = (where: string, expected: string): never => {
  throw new TelemetryError('batch_invalid', `${where} must be ${expected}; see src/telemetry/run-event.ts for the batch's shape`);
};

function object(value: unknown, where: string, allowed: readonly string[]): Fields {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return refuse(where, 'a JSON object');
  const unknown = Object.keys(value).find((key) => !allowed.includes(key));
  if (unknown !== undefined) refuse(`${where}.${unknown.slice(0, 64)}`, `absent (unknown field; expected only ${allowed.join(', ')})`);
  return value as Fields;
}

// The Action replaces a field that carries a value of the run with this marker
// (src/telemetry/screen-run-event.ts): it carries nothing, and refusing it would let an agent
// that puts a credential in a host or model name have the whole batch dropped.
const redacted = (value: unknown): value is typeof REDACTED_FIELD => value === REDACTED_FIELD;

function text(value: unknown, where: string, pattern: RegExp, expected: string): string {
  if (redacted(value)) return value;
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_STRING || !pattern.test(value)) return refuse(where, `${expected} of 1 to ${MAX_STRING} characters (or ${REDACTED_FIELD})`);
  return value;
}

const identifier = (value: unknown, where: string): string => text(value, where, IDENTIFIER, 'an identifier (letters, digits and . _ : / @ # + = ~ -)');

function count(value: unknown, where: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) return refuse(where, `an integer from 0 to ${Number.MAX_SAFE_INTEGER}`);
  return value;
}

function oneOf<T extends string>(value: unknown, where: string, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) return refuse(where, `one of ${allowed.join(', ')}`);
  return value as T;
}

function time(value: unknown, where: string): string {
  if (typeof value !== 'string' || !TIME.test(value) || Number.isNaN(Date.parse(value))) return refuse(where, 'an ISO 8601 UTC time such as 2026-01-31T12:00:00.000Z');
  return value;
}

/** A host as the egress proxy checks it (src/egress/normalize-host.ts): canonical, never a URL. */
function host(value: unknown, where: string): string {
  if (redacted(value)) return value;
  const expected = `a host name in canonical form (lower-case ASCII, no port, path or trailing dot), an IPv4 address, an IPv6 address or ${REDACTED_FIELD}`;
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_STRING) return refuse(where, expected);
  const normalized = normalizeHost(isIPv6(value) ? `[${value}]` : value);
  if (normalized.kind === 'invalid' || normalized.host !== value) return refuse(where, expected);
  return value;
}

function rules(value: unknown, where: string): string[] {
  if (!Array.isArray(value) || value.length > RUN_EVENT_LIMITS.rulesPerEvent) return refuse(where, `an array of at most ${RUN_EVENT_LIMITS.rulesPerEvent} rule ids`);
  return value.map((rule, i) => identifier(rule, `${where}[${i}]`));
}

function nullable<T>(value: unknown, parse: (v: unknown) => T): T | null {
  return value === null ? null : parse(value);
}

const EVENT_FIELDS: Record<RunEventKind, readonly string[]> = {
  egress: ['decision', 'host', 'method', 'pathClass', 'bytesOut', 'bytesIn', 'reason'],
  placeholder_misuse: ['host', 'credential'],
  dlp_block: ['host', 'rules'],
  gateway_call: ['provider', 'model', 'inputTokens', 'outputTokens', 'decision'],
  resolution: ['credential', 'host'],
  approval: ['approvalId', 'status'],
  sandbox_exit: ['backend', 'exitCode', 'signal'],
  patch_scan: ['findings', 'rules'],
};

function required(fields: Fields, where: string, names: readonly string[]): void {
  const missing = names.find((name) => !Object.hasOwn(fields, name));
  if (missing !== undefined) refuse(`${where}.${missing}`, 'present');
}

function event(value: unknown, where: string): RunEvent {
  const kind = oneOf(typeof value === 'object' && value !== null ? (value as Fields).kind : undefined, `${where}.kind`, RUN_EVENT_KINDS);
  const names = EVENT_FIELDS[kind];
  const e = object(value, where, ['kind', 'at', ...names]);
  required(e, where, ['at', ...names.filter((name) => name !== 'reason')]);
  const at = time(e.at, `${where}.at`);
  const f = (name: string) => `${where}.${name}`;
  switch (kind) {
    case 'egress': {
      const decision = oneOf(e.decision, f('decision'), ['allow', 'deny'] as const);
      return {
        kind,
        at,
        decision,
        // A refused request whose target did not parse has no host (src/egress/egress-log-record.ts): '' carries nothing.
        host: decision === 'deny' && e.host === '' ? '' : host(e.host, f('host')),
        method: text(e.method, f('method'), METHOD, 'an upper-case HTTP method'),
        pathClass: oneOf(e.pathClass, f('pathClass'), PATH_CLASSES),
        bytesOut: count(e.bytesOut, f('bytesOut')),
        bytesIn: count(e.bytesIn, f('bytesIn')),
        ...(e.reason === undefined ? {} : { reason: text(e.reason, f('reason'), PRINTABLE, 'printable ASCII') }),
      };
    }
    case 'placeholder_misuse':
      return { kind, at, host: host(e.host, f('host')), credential: identifier(e.credential, f('credential')) };
    case 'dlp_block':
      return { kind, at, host: host(e.host, f('host')), rules: rules(e.rules, f('rules')) };
    case 'gateway_call':
      return {
        kind,
        at,
        provider: identifier(e.provider, f('provider')),
        // The agent names the model in its request: any printable ASCII, so an odd name cannot have the batch refused.
        model: text(e.model, f('model'), PRINTABLE, 'printable ASCII'),
        inputTokens: count(e.inputTokens, f('inputTokens')),
        outputTokens: count(e.outputTokens, f('outputTokens')),
        decision: oneOf(e.decision, f('decision'), ['allow', 'redact', 'deny'] as const),
      };
    case 'resolution':
      return { kind, at, credential: identifier(e.credential, f('credential')), host: host(e.host, f('host')) };
    case 'approval':
      return { kind, at, approvalId: identifier(e.approvalId, f('approvalId')), status: oneOf(e.status, f('status'), ['approved', 'denied', 'expired', 'pending'] as const) };
    case 'sandbox_exit':
      return {
        kind,
        at,
        backend: identifier(e.backend, f('backend')),
        exitCode: nullable(e.exitCode, (v) => (typeof v === 'number' && Number.isInteger(v) && v >= EXIT_CODE.min && v <= EXIT_CODE.max ? v : refuse(f('exitCode'), 'an integer exit code or null'))),
        signal: nullable(e.signal, (v) => text(v, f('signal'), SIGNAL, 'a signal name such as SIGTERM, or null')),
      };
    case 'patch_scan':
      return { kind, at, findings: count(e.findings, f('findings')), rules: rules(e.rules, f('rules')) };
  }
}

/** Every string of the batch with where it stands, for the secret scan. */
function strings(batch: RunEventBatch): { where: string; value: string }[] {
  const out = [{ where: 'batch.identity', value: batch.identity }];
  batch.events.forEach((e, i) => {
    for (const [name, value] of Object.entries(e)) {
      if (typeof value === 'string') out.push({ where: `batch.events[${i}].${name}`, value });
      else if (Array.isArray(value)) value.forEach((item: string, j) => out.push({ where: `batch.events[${i}].${name}[${j}]`, value: item }));
    }
  });
  return out;
}

/**
 * Refuses a batch any of whose strings holds a credential by the repository's own scanner
 * (src/scan/: provider patterns, generic rules, inside base64, hex, URL and gzip encodings). One
 * scan of every string, one per line; the message names the field and the rule, never the value.
 */
function refuseCredentials(batch: RunEventBatch): void {
  const all = strings(batch);
  const { findings, truncated } = scanText(all.map((s) => s.value).join('\n'));
  const first = findings[0];
  if (first) throw new TelemetryError('credential_in_batch', `${all[first.line - 1]?.where ?? 'a string'} holds what the secret scanner reads as a credential (rule ${first.rule_id}); telemetry carries metadata only, never a credential`);
  // A scan that did not finish is no clearance (fail closed).
  if (truncated) throw new TelemetryError('credential_in_batch', `the batch could not be scanned for credentials (${truncated}); send smaller batches`);
}

/**
 * Checks one batch of `POST /airlock/v1/events` strictly against the contract
 * (src/telemetry/run-event.ts): closed kinds, every field's type and bounds (RUN_EVENT_LIMITS,
 * `seq` at most `batchesPerRun`), hosts in canonical form, no unknown field anywhere, and no
 * credential in any string. Pure: throws TelemetryError naming the first offending field.
 */
export function parseRunEventBatch(body: unknown): RunEventBatch {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new TelemetryError('request_invalid', 'the body must be a JSON object {"identity", "seq", "dropped", "events"}');
  const b = object(body, 'batch', ['identity', 'seq', 'dropped', 'events']);
  required(b, 'batch', ['identity', 'seq', 'dropped', 'events']);
  if (typeof b.identity !== 'string' || !IDENTITY.test(b.identity)) refuse('batch.identity', 'a trust policy name (1 to 64 lower-case letters, digits, - and _)');
  const identity = b.identity as string;
  if (typeof b.seq !== 'number' || !Number.isSafeInteger(b.seq) || b.seq < 1 || b.seq > RUN_EVENT_LIMITS.batchesPerRun) refuse('batch.seq', `an integer from 1 to ${RUN_EVENT_LIMITS.batchesPerRun} (batches of one run are numbered from 1)`);
  const dropped = count(b.dropped, 'batch.dropped');
  if (!Array.isArray(b.events) || b.events.length > RUN_EVENT_LIMITS.eventsPerBatch) refuse('batch.events', `an array of at most ${RUN_EVENT_LIMITS.eventsPerBatch} events`);
  const batch: RunEventBatch = { identity, seq: b.seq as number, dropped, events: (b.events as unknown[]).map((e, i) => event(e, `batch.events[${i}]`)) };
  refuseCredentials(batch);
  return batch;
}
