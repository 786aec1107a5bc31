import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { compress } from 'snappyjs';
import type { WorldAttestation, WorldState } from './world-state.js';

/**
 * The world's stand-in for the blob storage GitHub's attestation list answers point at. GitHub's
 * `bundle_url`s are pre-signed (SAS) https URLs on Azure Blob Storage, `.../attestations/.../<n>.json.sn?<sas>`,
 * serving the bundle as snappy-compressed JSON with `Content-Type: application/x-snappy`, as
 * reported with live answers in https://github.com/denoland/clawpatrol/issues/769 and
 * https://github.com/terraform-linters/tflint/pull/2593, and decoded with the snappy block format by
 * `gh` (https://github.com/cli/cli/blob/trunk/pkg/cmd/attestation/api/client.go). Here: the same
 * bytes and content type under `/_world/blobs/attestations/<id>.json.sn?sig=<hmac>` on the listener
 * that answered the list request, the signature standing for the SAS. It never looks at an
 * Authorization header; the request log records whether one came.
 */
const BLOB_PATH = /^\/_world\/blobs\/attestations\/(\d+)\.json\.sn$/;

/**
 * Azure Storage's error body and codes: https://learn.microsoft.com/en-us/rest/api/storageservices/common-rest-api-error-codes
 * and https://learn.microsoft.com/en-us/rest/api/storageservices/blob-service-error-codes
 */
const azureError = (code: string, message: string) => `<?xml version="1.0" encoding="utf-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`;

const keys = new WeakMap<WorldState, Buffer>();
const keyOf = (state: WorldState): Buffer => {
  let key = keys.get(state);
  if (!key) keys.set(state, (key = randomBytes(32)));
  return key;
};
const signature = (state: WorldState, id: number): string => createHmac('sha256', keyOf(state)).update(`attestation:${id}`).digest('hex');

/** The pre-signed URL of one attestation's bundle, on the listener at `origin` (scheme://host:port). */
export function attestationBlobUrl(state: WorldState, origin: string, attestation: WorldAttestation): string {
  return `${origin}/_world/blobs/attestations/${attestation.id}.json.sn?sig=${signature(state, attestation.id)}`;
}

/** Answers a blob request; false when `path` is not a blob path. */
export function serveAttestationBlob(state: WorldState, method: string, path: string, query: URLSearchParams, res: ServerResponse): boolean {
  const match = BLOB_PATH.exec(path);
  if (!match) return false;
  const id = Number(match[1]);
  const send = (status: number, contentType: string, body: Uint8Array | string) => {
    res.writeHead(status, { 'content-type': contentType, 'content-length': String(Buffer.byteLength(body)) }).end(method === 'HEAD' ? undefined : body);
  };
  if (method !== 'GET' && method !== 'HEAD') {
    send(405, 'application/xml', azureError('UnsupportedHttpVerb', 'The resource doesn\'t support specified Http Verb.'));
    return true;
  }
  const given = Buffer.from(query.get('sig') ?? '', 'hex');
  const expected = Buffer.from(signature(state, id), 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    send(403, 'application/xml', azureError('AuthenticationFailed', 'Server failed to authenticate the request. Make sure the value of Authorization header is formed correctly including the signature.'));
    return true;
  }
  const attestation = state.attestations.find((a) => a.id === id);
  if (!attestation) {
    send(404, 'application/xml', azureError('BlobNotFound', 'The specified blob does not exist.'));
    return true;
  }
  send(200, 'application/x-snappy', attestation.blob ?? compress(Buffer.from(JSON.stringify(attestation.bundle))));
  return true;
}
