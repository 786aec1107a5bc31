import type { PresentedCredential } from './authenticate-caller.js';
import type { AuthenticatedCaller, RouteResult } from './route-types.js';
import { hashToken, type WorldRequest, type WorldState } from './world-state.js';

/**
 * Appends one request to `state.requests` and returns it, for its status to be set once answered. The credential appears only as its sha256 (the key
 * `state.tokens` uses), so a test can check that the world saw a given token, or never saw a
 * placeholder, while the log itself holds no credential. `kind` is what the credential is,
 * whether or not the route it was sent to accepts that scheme.
 */
export function recordRequest(
  state: WorldState,
  request: { method: string; path: string; listener: WorldRequest['listener']; presented: PresentedCredential; caller: AuthenticatedCaller | RouteResult | undefined },
): WorldRequest {
  const { presented, caller } = request;
  const kind: WorldRequest['auth']['kind'] = caller === undefined ? 'none' : 'status' in caller ? 'invalid' : caller.kind;
  const entry: WorldRequest = {
    time: state.clock(),
    method: request.method,
    path: request.path,
    listener: request.listener,
    auth: { scheme: presented.scheme, kind, ...(presented.credential !== undefined ? { tokenHash: hashToken(presented.credential) } : {}) },
  };
  state.requests.push(entry);
  return entry;
}
