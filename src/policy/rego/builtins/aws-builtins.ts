import { createHash, createHmac } from 'node:crypto';
import { operandError, typeError, type BuiltinTable } from '../builtin.js';
import { RObject, RSet, toJSON, toRegoString, type Value } from '../value.js';

/**
 * providers.aws.sign_req(request, aws_config, time_ns): the request with AWS Signature Version 4
 * headers added, as OPA's topdown/providers.go and internal/providers/aws/signing_v4.go build them
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html).
 */

const sha256Hex = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');
const hmac = (key: Buffer | string, data: string): Buffer => createHmac('sha256', key).update(data).digest();

const setText = (names: string[]): string => toRegoString(RSet.of(names));

/** Missing keys first, then non-string values, with OPA's wording. */
const requireStrings = (o: RObject, keys: string[], pos: number, what: string): Record<string, string> => {
  const missing = keys.filter((k) => !o.has(k));
  if (missing.length) throw typeError(`operand ${pos} missing required ${what} parameters(s): ${setText(missing)}`);
  const invalid = keys.filter((k) => typeof o.get(k) !== 'string');
  if (invalid.length) throw typeError(`operand ${pos} invalid values for required ${what} parameters(s): ${setText(invalid)}`);
  return Object.fromEntries(keys.map((k) => [k, o.get(k) as string]));
};

const IGNORED_HEADERS = new Set(['authorization', 'user-agent', 'x-amzn-trace-id']);

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

const signReq = (reqV: Value, configV: Value, timeV: Value): Value => {
  if (!(reqV instanceof RObject)) throw operandError(1, 'object', reqV);
  if (!(configV instanceof RObject)) throw operandError(2, 'object', configV);
  const req = requireStrings(reqV, ['method', 'url'], 1, 'request');
  const cfg = requireStrings(configV, ['aws_access_key', 'aws_secret_access_key', 'aws_service', 'aws_region'], 2, 'AWS config');
  const token = configV.get('aws_session_token');
  const disable = configV.get('disable_payload_signing');
  if (disable !== undefined && typeof disable !== 'boolean') throw typeError("operand 2 invalid value for 'disable_payload_signing' in AWS config");
  if ((typeof timeV !== 'number' && typeof timeV !== 'bigint') || (typeof timeV === 'number' && !Number.isInteger(timeV)) || timeV < 0) {
    throw typeError('operand 3 could not convert time_ns value into a unix timestamp');
  }
  let url: URL;
  try {
    url = new URL(req.url!);
  } catch {
    throw typeError(`operand 1 invalid url: ${req.url}`);
  }
  const rawBody = reqV.get('raw_body');
  const jsonBody = reqV.get('body');
  const body = typeof rawBody === 'string' ? rawBody : jsonBody !== undefined ? toJSON(jsonBody) : '';
  const contentSha = disable === true ? 'UNSIGNED-PAYLOAD' : sha256Hex(body);
  const when = new Date(Number(BigInt(timeV) / 1_000_000n));
  const date = `${when.getUTCFullYear()}${pad(when.getUTCMonth() + 1)}${pad(when.getUTCDate())}`;
  const stamp = `${date}T${pad(when.getUTCHours())}${pad(when.getUTCMinutes())}${pad(when.getUTCSeconds())}Z`;
  const aws: Record<string, string> = { host: url.host, 'x-amz-date': stamp };
  // S3 and Glacier require the payload hash header; other services do not.
  if (cfg.aws_service === 's3' || cfg.aws_service === 'glacier') aws['x-amz-content-sha256'] = contentSha;
  if (typeof token === 'string' && token !== '') aws['x-amz-security-token'] = token;
  const toSign: Record<string, string> = { ...aws };
  const headers = reqV.get('headers');
  const given = headers instanceof RObject ? [...headers.pairs()] : [];
  for (const [k, v] of given) {
    if (typeof k !== 'string') continue;
    const lower = k.toLowerCase();
    if (!IGNORED_HEADERS.has(lower)) toSign[lower] = typeof v === 'string' ? v : toJSON(v);
  }
  const names = Object.keys(toSign).sort();
  // OPA signs the method as written and Go's URL.EscapedPath(), which is empty for `http://host`.
  const path = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*([^?#]*)/i.exec(req.url!)?.[1] ?? url.pathname;
  const canonical = [req.method!, path, url.search.replace(/^\?/, ''), ...names.map((k) => `${k}:${toSign[k]}`), '', names.join(';'), contentSha].join('\n');
  const scope = `${date}/${cfg.aws_region}/${cfg.aws_service}/aws4_request`;
  const stringToSign = `AWS4-HMAC-SHA256\n${stamp}\n${scope}\n${sha256Hex(canonical)}`;
  let key = hmac(`AWS4${cfg.aws_secret_access_key}`, date);
  for (const part of [cfg.aws_region!, cfg.aws_service!, 'aws4_request']) key = hmac(key, part);
  const signature = hmac(key, stringToSign).toString('hex');
  const out = RObject.fromPairs(reqV.pairs());
  const outHeaders = RObject.fromPairs(given);
  outHeaders.set('Authorization', `AWS4-HMAC-SHA256 Credential=${cfg.aws_access_key}/${scope},SignedHeaders=${names.join(';')},Signature=${signature}`);
  for (const [k, v] of Object.entries(aws)) outHeaders.set(k, v);
  out.set('headers', outHeaders);
  return out;
};

export const awsBuiltins: BuiltinTable = {
  'providers.aws.sign_req': { arity: 3, fn: ([r, c, t]) => signReq(r!, c!, t!) },
};
