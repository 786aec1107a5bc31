import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson } from '../../src/http/json-http.js';
import type { KeySigner } from '../../src/attest/key-signing.js';

/**
 * `GET /airlock/v1/keys`: the public key the App signs its verdicts with, for release pipelines
 * to pin (`airlock verify --app-key`). Public keys only; nothing here is secret.
 */
export function keysRoute(signer: KeySigner): (req: IncomingMessage, res: ServerResponse) => Promise<boolean> {
  return async (req, res) => {
    if ((req.url ?? '').split('?')[0] !== '/airlock/v1/keys') return false;
    if (req.method !== 'GET') {
      sendJson(res, 405, { error: { code: 'method_not_allowed', message: 'use GET /airlock/v1/keys' } }, { allow: 'GET' });
      return true;
    }
    sendJson(res, 200, { keys: [{ key_id: signer.keyId, algorithm: 'ecdsa-p256-sha256', use: 'verdict', public_key_pem: signer.publicKeyPem }] });
    return true;
  };
}
