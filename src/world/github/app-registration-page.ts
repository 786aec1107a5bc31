import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BodyTooLargeError, readBody } from '../../http/json-http.js';
import type { WorldState, WorldUser } from './world-state.js';

// GitHub's side of step 1 of the manifest flow: a form POSTs `manifest` (JSON) to
// `settings/apps/new` (a user's) or `organizations/<org>/settings/apps/new`, with an optional
// `state` in the query; once the person names the App and creates it, GitHub redirects to the
// manifest's `redirect_url` with a one-time `code` (valid for an hour) and the `state` unchanged.
// https://docs.github.com/en/apps/sharing-github-apps/registering-a-github-app-from-a-manifest
// The world's page stands for that person: it creates the App at once (as alice, the world's
// signed-in user, for the user form) and renames it on a name clash, as the person would.

const FORM_LIMIT = 64 * 1024;
const LEVELS = new Set(['read', 'write', 'admin']);

export interface RegistrationPage {
  /** The org of `organizations/<org>/settings/apps/new`; undefined for the user form. */
  org?: string;
}

export function matchRegistrationPage(method: string, path: string): RegistrationPage | undefined {
  if (method !== 'POST') return undefined;
  if (path === '/settings/apps/new') return {};
  const org = /^\/organizations\/([A-Za-z0-9-]+)\/settings\/apps\/new$/.exec(path);
  return org ? { org: org[1]! } : undefined;
}

/** Why GitHub would refuse this manifest, or undefined when it would take it. */
export function manifestProblem(manifest: unknown): string | undefined {
  if (typeof manifest !== 'object' || manifest === null || Array.isArray(manifest)) return 'manifest must be a JSON object';
  const m = manifest as Record<string, unknown>;
  const isUrl = (value: unknown) => typeof value === 'string' && /^https?:\/\/[^\s]+$/.test(value);
  if (!isUrl(m.url)) return 'url is required: the homepage of the App';
  if (!isUrl(m.redirect_url)) return 'redirect_url is required for the world to hand the code back';
  if (m.name !== undefined && (typeof m.name !== 'string' || m.name.length === 0 || m.name.length > 34)) return 'name must be 1 to 34 characters';
  if (m.hook_attributes !== undefined) {
    const hook = m.hook_attributes as Record<string, unknown>;
    if (typeof hook !== 'object' || hook === null || !isUrl(hook.url)) return 'hook_attributes.url is required: where webhooks go';
  }
  if (m.public !== undefined && typeof m.public !== 'boolean') return 'public must be a boolean';
  if (m.default_events !== undefined && !(Array.isArray(m.default_events) && m.default_events.every((e) => typeof e === 'string'))) return 'default_events must be a list of event names';
  if (m.default_permissions !== undefined) {
    const permissions = m.default_permissions as Record<string, unknown>;
    if (typeof permissions !== 'object' || permissions === null || Array.isArray(permissions)) return 'default_permissions must map permission names to read, write or admin';
    for (const [name, level] of Object.entries(permissions)) if (!LEVELS.has(String(level))) return `default_permissions.${name} must be read, write or admin`;
  }
  return undefined;
}

function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' }).end(text + '\n');
}

export async function serveRegistrationPage(state: WorldState, req: IncomingMessage, res: ServerResponse, url: URL, page: RegistrationPage): Promise<void> {
  let owner: WorldUser | undefined = state.users.get('alice');
  if (page.org !== undefined) {
    owner = state.users.get(page.org);
    if (owner?.type !== 'Organization') return sendText(res, 404, 'Not Found');
  }
  if (!String(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) return sendText(res, 415, 'expected a form (application/x-www-form-urlencoded) with a manifest field');
  let form: URLSearchParams;
  try {
    form = new URLSearchParams((await readBody(req, FORM_LIMIT)).toString('utf8'));
  } catch (error) {
    if (error instanceof BodyTooLargeError) return sendText(res, 413, 'Payload too large');
    throw error;
  }
  let manifest: unknown;
  try {
    manifest = JSON.parse(form.get('manifest') ?? '');
  } catch {
    return sendText(res, 422, 'manifest is not JSON');
  }
  const problem = manifestProblem(manifest);
  if (problem) return sendText(res, 422, `Invalid GitHub App manifest: ${problem}`);
  const code = randomBytes(20).toString('hex');
  state.manifestCodes.set(code, { manifest: manifest as Record<string, unknown>, owner: owner!, issuedAt: state.clock() });
  const back = new URL((manifest as { redirect_url: string }).redirect_url);
  back.searchParams.set('code', code);
  const stateParam = url.searchParams.get('state');
  if (stateParam !== null) back.searchParams.set('state', stateParam);
  res.writeHead(302, { location: back.toString() }).end();
}
