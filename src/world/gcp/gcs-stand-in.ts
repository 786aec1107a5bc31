import type { IncomingMessage, ServerResponse } from 'node:http';
import { BodyTooLargeError, readBody, sendJson } from '../../http/json-http.js';
import { bearerToken } from '../bearer-token.js';
import { startStandInServer, type StandInServer } from '../stand-in-server.js';
import { membersOf, type GcpToken, type GcpWorldState } from './gcp-state.js';

/*
 * A Cloud Storage-shaped JSON API checking bearer tokens: list objects, get an object's metadata or
 * its bytes (alt=media), and a simple media upload. A token must be one the world's STS or IAM
 * Credentials issued, unexpired, with a storage scope if it is a service account's, and its member
 * must be among the bucket's readers (writers for an upload).
 * https://cloud.google.com/storage/docs/json_api/v1/objects
 */

const STORAGE_SCOPES = new Set(['https://www.googleapis.com/auth/cloud-platform', 'https://www.googleapis.com/auth/devstorage.read_only', 'https://www.googleapis.com/auth/devstorage.read_write', 'https://www.googleapis.com/auth/devstorage.full_control']);
const BODY_LIMIT = 1024 * 1024;

class GcsError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const callerOf = (token: GcpToken) => (token.kind === 'service-account' ? token.email : token.principal);

function allowed(token: GcpToken, members: readonly string[]): boolean {
  if (token.kind === 'service-account' && !token.scopes.some((s) => STORAGE_SCOPES.has(s))) return false;
  return membersOf(token).some((m) => members.includes(m));
}

export async function startGcsStandIn(state: GcpWorldState, options: { tls?: { keyPem: string; certPem: string }; host?: string } = {}): Promise<StandInServer> {
  return startStandInServer(async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://storage.local');
    const method = req.method ?? 'GET';
    const bearer = bearerToken(req);
    let caller: string | undefined;
    try {
      const token = bearer ? state.tokens.get(bearer) : undefined;
      if (!token || token.expiresAt <= state.clock()) throw new GcsError(401, 'Invalid Credentials');
      caller = callerOf(token);
      const read = /^\/storage\/v1\/b\/([^/]+)\/o(?:\/(.+))?$/.exec(url.pathname);
      const upload = /^\/upload\/storage\/v1\/b\/([^/]+)\/o$/.exec(url.pathname);
      const bucketName = decodeURIComponent((read ?? upload)?.[1] ?? '');
      const bucket = state.buckets.get(bucketName);
      if (!read && !upload) throw new GcsError(404, 'Not Found');
      if (!bucket) throw new GcsError(404, 'The specified bucket does not exist.');
      if (read && method === 'GET') {
        if (!allowed(token, bucket.readers)) throw new GcsError(403, `${caller} does not have storage.objects.get access to the Google Cloud Storage object.`);
        if (read[2] === undefined) {
          const prefix = url.searchParams.get('prefix') ?? '';
          const items = [...bucket.objects].filter(([name]) => name.startsWith(prefix)).map(([name, o]) => ({ kind: 'storage#object', name, bucket: bucket.name, size: String(o.body.length), contentType: o.contentType }));
          state.calls.push({ service: 'storage', method, path: url.pathname, status: 200, ...(bearer ? { bearer } : {}), caller });
          return sendJson(res, 200, { kind: 'storage#objects', items });
        }
        const name = decodeURIComponent(read[2]);
        const object = bucket.objects.get(name);
        if (!object) throw new GcsError(404, `No such object: ${bucket.name}/${name}`);
        state.calls.push({ service: 'storage', method, path: url.pathname, status: 200, ...(bearer ? { bearer } : {}), caller });
        if (url.searchParams.get('alt') === 'media') {
          res.writeHead(200, { 'content-type': object.contentType, 'content-length': object.body.length });
          return void res.end(object.body);
        }
        return sendJson(res, 200, { kind: 'storage#object', name, bucket: bucket.name, size: String(object.body.length), contentType: object.contentType });
      }
      if (upload && method === 'POST') {
        if (!allowed(token, bucket.writers)) throw new GcsError(403, `${caller} does not have storage.objects.create access to the Google Cloud Storage object.`);
        const name = url.searchParams.get('name');
        if (url.searchParams.get('uploadType') !== 'media' || !name) throw new GcsError(400, 'Upload requests must use uploadType=media and name.');
        let body: Buffer;
        try {
          body = await readBody(req, BODY_LIMIT);
        } catch (error) {
          if (error instanceof BodyTooLargeError) throw new GcsError(413, 'Payload too large.');
          throw error;
        }
        const contentType = String(req.headers['content-type'] ?? 'application/octet-stream');
        bucket.objects.set(name, { body, contentType });
        state.calls.push({ service: 'storage', method, path: url.pathname, status: 200, ...(bearer ? { bearer } : {}), caller });
        return sendJson(res, 200, { kind: 'storage#object', name, bucket: bucket.name, size: String(body.length), contentType });
      }
      throw new GcsError(405, `${method} is not supported here`);
    } catch (error) {
      if (!(error instanceof GcsError)) throw error;
      state.calls.push({ service: 'storage', method, path: url.pathname, status: error.status, error: error.message, ...(bearer ? { bearer } : {}), ...(caller ? { caller } : {}) });
      sendJson(res, error.status, { error: { code: error.status, message: error.message, errors: [{ message: error.message, domain: 'global', reason: error.status === 401 ? 'authError' : 'forbidden' }] } }, error.status === 401 ? { 'www-authenticate': 'Bearer realm="https://accounts.google.com/"' } : {});
    }
  }, options);
}
