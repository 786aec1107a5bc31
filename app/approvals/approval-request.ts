import type { Destination, RequestedSecret } from '../../src/store/secret-approval-store.js';
import { ApprovalError } from './approval-error.js';

/** The body of POST /airlock/v1/approvals, checked. Run facts never come from here. */
export interface ApprovalRequest {
  /** The trust policy name (`.github/airlock/<identity>.sts.yaml`), checked by the broker's code. */
  identity: unknown;
  secrets: RequestedSecret[];
  destination: Destination;
  timeoutSeconds: number;
}

export const DEFAULT_TIMEOUT_SECONDS = 900;
/** A held request waits an hour at most, whatever the Action asks. */
export const MAX_TIMEOUT_SECONDS = 3600;
const MAX_SECRETS = 50;

const EXAMPLE = '{"identity": "agent", "secrets": [{"path": "kv/data/ci/npm", "key": "token", "env": "NPM_TOKEN", "approval": "required"}], "destination": {"method": "PUT", "host": "registry.npmjs.org", "path": "/pkg"}, "timeout_seconds": 600}';

const invalid = (message: string) => new ApprovalError('request_invalid', `${message}; expected ${EXAMPLE}`);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function text(where: string, value: unknown, max: number): string {
  // The policy judges what a path or name means; here only shape and size, so that nothing
  // unbounded reaches the database, the check run or the audit log.
  if (typeof value !== 'string' || value.length === 0 || value.length > max || [...value].some((c) => c < ' ' || c === '\u007f')) {
    throw invalid(`${where} must be a non-empty string of at most ${max} printable characters`);
  }
  return value;
}

function onlyKeys(where: string, value: Record<string, unknown>, allowed: string[]): void {
  const unknown = Object.keys(value).filter((k) => !allowed.includes(k));
  if (unknown.length) throw invalid(`${where} has unknown field(s) ${unknown.join(', ')} (allowed: ${allowed.join(', ')})`);
}

function secret(value: unknown, i: number): RequestedSecret {
  const where = `secrets[${i}]`;
  if (!isObject(value)) throw invalid(`${where} must be an object {path, key, env, approval}`);
  onlyKeys(where, value, ['path', 'key', 'env', 'approval']);
  if (value.approval !== 'required' && value.approval !== 'policy') throw invalid(`${where}.approval must be "required" (the workflow asks for a human) or "policy" (the org policy decides)`);
  return { path: text(`${where}.path`, value.path, 512), key: text(`${where}.key`, value.key, 256), env: text(`${where}.env`, value.env, 128), approval: value.approval };
}

function destination(value: unknown): Destination {
  if (!isObject(value)) throw invalid('destination must be an object {method, host, path}');
  onlyKeys('destination', value, ['method', 'host', 'path']);
  const method = text('destination.method', value.method, 16).toUpperCase();
  if (!/^[A-Z]+$/.test(method)) throw invalid('destination.method must be an HTTP method such as GET or PUT');
  const host = text('destination.host', value.host, 261).toLowerCase();
  if (!/^[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:[0-9]{1,5})?$/.test(host)) throw invalid('destination.host must be a host name, optionally with :port (e.g. registry.npmjs.org)');
  const path = text('destination.path', value.path, 2048);
  if (!path.startsWith('/')) throw invalid('destination.path must start with /');
  return { method, host, path };
}

function timeout(value: unknown): number {
  if (value === undefined) return DEFAULT_TIMEOUT_SECONDS;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) throw invalid('timeout_seconds must be a positive whole number of seconds');
  return Math.min(value, MAX_TIMEOUT_SECONDS);
}

/** Checks the request body; throws `request_invalid` naming the field and what was expected. */
export function parseApprovalRequest(body: unknown): ApprovalRequest {
  if (!isObject(body)) throw invalid('body must be a JSON object');
  onlyKeys('body', body, ['identity', 'secrets', 'destination', 'timeout_seconds']);
  if (!Array.isArray(body.secrets) || body.secrets.length === 0 || body.secrets.length > MAX_SECRETS) throw invalid(`secrets must be a list of 1 to ${MAX_SECRETS} secrets`);
  return { identity: body.identity, secrets: body.secrets.map(secret), destination: destination(body.destination), timeoutSeconds: timeout(body.timeout_seconds) };
}
