import { createHmac, randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { renderUser } from './github-objects.js';
import type { WorldHookDelivery, WorldRepo, WorldState, WorldUser } from './world-state.js';

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
  /** The App's HTTP status; 0 when no answer came (see `body` for why). */
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
 * GitHub waits 10 seconds for an answer, then ends the connection and records a failure.
 * https://docs.github.com/en/webhooks/using-webhooks/handling-failed-webhook-deliveries
 */
export const WEBHOOK_TIMEOUT_MS = 10_000;

const idOf = (value: unknown): number | null => (typeof value === 'number' && Number.isSafeInteger(value) ? value : null);

/** Sends one attempt and records it in `state.hookDeliveries`, answered or not. */
async function attempt(state: WorldState, url: string, delivery: Omit<WorldHookDelivery, 'id' | 'deliveredAt' | 'durationMs' | 'statusCode' | 'status'>): Promise<Delivery> {
  const started = Date.now();
  const record: WorldHookDelivery = { ...delivery, id: state.nextId(), deliveredAt: state.clock(), durationMs: 0, statusCode: 0, status: 'pending' };
  state.hookDeliveries.push(record);
  let result: Delivery;
  try {
    const response = await fetch(url, { method: 'POST', headers: delivery.request.headers, body: delivery.request.body, signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS) });
    const text = await response.text();
    record.statusCode = response.status;
    record.status = response.ok ? 'OK' : `Invalid HTTP Response: ${response.status}`;
    result = { id: delivery.guid, event: delivery.event, status: response.status, body: text };
  } catch (error) {
    const timedOut = (error as Error).name === 'TimeoutError';
    record.status = timedOut ? 'timed out' : 'failed to connect';
    result = { id: delivery.guid, event: delivery.event, status: 0, body: `${record.status}: ${String((error as Error).cause ?? error)}` };
  }
  record.durationMs = Date.now() - started;
  return result;
}

/**
 * Delivers a webhook the way GitHub does: JSON body, `X-GitHub-Event`, a fresh
 * `X-GitHub-Delivery`, and `X-Hub-Signature-256` (HMAC-SHA256 of the body with the secret).
 * Every attempt is recorded, whether the App answered or not (GitHub does not retry on its own).
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
  const fields = (typeof payload === 'object' && payload !== null ? payload : {}) as { action?: unknown; installation?: { id?: unknown }; repository?: { id?: unknown } };
  return attempt(state, url, {
    guid: id,
    event,
    action: typeof fields.action === 'string' ? fields.action : null,
    installationId: idOf(fields.installation?.id),
    repositoryId: idOf(fields.repository?.id),
    redelivery: false,
    request: { headers, body },
  });
}

/** Sends a recorded delivery again, as `POST /app/hook/deliveries/{delivery_id}/attempts` does: same GUID, headers and body. */
export function redeliverWebhook(state: WorldState, url: string, original: WorldHookDelivery): Promise<Delivery> {
  const { id: _id, deliveredAt: _at, durationMs: _d, statusCode: _c, status: _s, ...rest } = original;
  return attempt(state, url, { ...rest, redelivery: true });
}
