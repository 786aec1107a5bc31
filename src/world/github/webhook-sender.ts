import { createHmac, randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { renderUser } from './github-objects.js';
import type { WorldRepo, WorldState, WorldUser } from './world-state.js';

interface ExampleSet {
  name: string;
  examples: Record<string, unknown>[];
}

let examples: ExampleSet[] | undefined;

/** GitHub's recorded payloads (@octokit/webhooks-examples), the templates for every delivery. */
function exampleFor(event: string, action?: string): Record<string, unknown> {
  examples ??= createRequire(import.meta.url)('@octokit/webhooks-examples') as ExampleSet[];
  const set = examples.find((e) => e.name === event);
  if (!set) throw new Error(`world: no webhook example for event ${event}`);
  const example = set.examples.find((e) => action === undefined || e.action === action) ?? set.examples[0]!;
  return structuredClone(example);
}

/** A repository as webhook payloads carry it, consistent with the stand-in's state. */
export function webhookRepository(state: WorldState, repo: WorldRepo, template: Record<string, unknown>): Record<string, unknown> {
  const fullName = `${repo.owner.login}/${repo.name}`;
  return {
    ...template,
    id: repo.id,
    node_id: `R_${repo.id}`,
    name: repo.name,
    full_name: fullName,
    private: repo.private,
    visibility: repo.private ? 'private' : 'public',
    owner: { ...(template.owner as object), ...renderUser(state, repo.owner), name: repo.owner.login },
    default_branch: repo.defaultBranch,
    master_branch: repo.defaultBranch,
    html_url: `${state.serverUrl}/${fullName}`,
    url: `${state.apiUrl}/repos/${fullName}`,
  };
}

export interface Delivery {
  id: string;
  event: string;
  status: number;
  body: string;
}

/**
 * Builds a payload for `event` from GitHub's example, with the repository, sender, organization
 * and installation of this world and the event-specific `fields` laid over it.
 */
export function buildPayload(
  state: WorldState,
  event: string,
  options: { action?: string; repo?: WorldRepo; sender: WorldUser; fields?: Record<string, unknown> },
): Record<string, unknown> {
  const payload = exampleFor(event, options.action);
  const installation = [...state.installations.values()][0]!;
  if (options.repo) payload.repository = webhookRepository(state, options.repo, (payload.repository ?? {}) as Record<string, unknown>);
  payload.sender = { ...(payload.sender as object), ...renderUser(state, options.sender) };
  payload.installation = { id: installation.id, node_id: `MDIz${installation.id}` };
  payload.organization = { ...(payload.organization as object), login: installation.account.login, id: installation.account.id, node_id: `O_${installation.account.id}` };
  return { ...payload, ...(options.action ? { action: options.action } : {}), ...options.fields };
}

/**
 * Delivers a webhook the way GitHub does: JSON body, `X-GitHub-Event`, a fresh
 * `X-GitHub-Delivery`, and `X-Hub-Signature-256` (HMAC-SHA256 of the body with the secret).
 * https://docs.github.com/en/webhooks/using-webhooks/validating-webhook-deliveries
 */
export async function deliverWebhook(
  state: WorldState,
  url: string,
  event: string,
  payload: unknown,
  options: { deliveryId?: string; secret?: string; signature?: string | null; rawBody?: string } = {},
): Promise<Delivery> {
  const body = options.rawBody ?? JSON.stringify(payload);
  const id = options.deliveryId ?? randomUUID();
  const signature = options.signature === undefined
    ? `sha256=${createHmac('sha256', options.secret ?? state.app.webhookSecret).update(body).digest('hex')}`
    : options.signature;
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'user-agent': 'GitHub-Hookshot/world',
    'x-github-event': event,
    'x-github-delivery': id,
    'x-github-hook-installation-target-type': 'integration',
    'x-github-hook-installation-target-id': String(state.app.id),
  };
  if (signature !== null) headers['x-hub-signature-256'] = signature;
  const response = await fetch(url, { method: 'POST', headers, body });
  return { id, event, status: response.status, body: await response.text() };
}
