import type { Context } from 'probot';
import type { AirlockConfig } from '../config/airlock-config.js';
import { CONFIG_PATH } from '../config/airlock-config.js';
import type { ConfigReader } from '../config/read-config.js';

/**
 * The backstop for what no push says: a push delivery lost or still queued (GitHub never retries a
 * failed delivery; the reconciler in app/queue/delivery-reconciler.ts asks for it again every
 * AIRLOCK_RECONCILE_SECONDS, 300 by default), and changes that come without a push to the default
 * branch (the default branch switched, the org's `.github` repository deleted or hidden from the
 * App). Five minutes matches the reconciler's period, so a lost push costs no longer than the
 * reconciler takes to bring it back; an expired entry is read again with its ETag (a 304 does not
 * count against the rate limit).
 */
export const CONFIG_TTL_MS = 5 * 60_000;

/** Effective configurations kept, one per installation and repository (a few hundred bytes each). */
const MAX_ENTRIES = 2000;

/**
 * GitHub lists at most 20 commits in a push's `commits[]` (for timeline events; webhook payloads
 * may carry more): a push that lists 20 or more may not show every file it touched.
 * https://docs.github.com/en/webhooks/webhook-events-and-payloads#push
 */
export const PUSH_COMMITS_LISTED = 20;

/** The parts of a `push` payload that say whether the configuration may have changed. */
export interface PushFacts {
  ref: string;
  before: string;
  after: string;
  created?: boolean;
  deleted?: boolean;
  forced?: boolean;
  commits?: { added?: string[]; modified?: string[]; removed?: string[] }[] | null;
  repository: { name: string; owner: { login?: string; name?: string | null } | null; default_branch?: string };
}

/** Which cached configurations a push makes stale: one repository's, every repository of the owner's (the org layer), or none. */
export type ConfigInvalidation = { scope: 'repository'; owner: string; repo: string } | { scope: 'owner'; owner: string } | undefined;

/**
 * Whether a push may have changed a configuration the gate reads: only a push to the default
 * branch (the layers are read from it), and then when a listed commit touches the file, or when
 * the listed commits may not be all of it (20 or more, a forced push that can reset the branch to
 * any older file, a branch created or deleted, nothing listed). A push to the org's `.github`
 * repository is every repository's org layer. Pure: the handler applies it.
 */
export function configInvalidation(push: PushFacts): ConfigInvalidation {
  const owner = push.repository.owner?.login ?? push.repository.owner?.name ?? '';
  const branch = push.ref.startsWith('refs/heads/') ? push.ref.slice('refs/heads/'.length) : undefined;
  if (!owner || branch === undefined || branch !== push.repository.default_branch) return undefined;
  const commits = push.commits ?? [];
  const maybeIncomplete = commits.length === 0 || commits.length >= PUSH_COMMITS_LISTED || push.forced === true || push.created === true || push.deleted === true;
  const touches = commits.some((c) => [...(c.added ?? []), ...(c.modified ?? []), ...(c.removed ?? [])].includes(CONFIG_PATH));
  if (!maybeIncomplete && !touches) return undefined;
  return push.repository.name.toLowerCase() === '.github' ? { scope: 'owner', owner } : { scope: 'repository', owner, repo: push.repository.name };
}

/**
 * The gate's configuration, read once and kept until a push says it changed (configInvalidation)
 * or CONFIG_TTL_MS passes: a `synchronize` that changes nothing but the head asks GitHub nothing
 * about configuration. Kept per installation (answers vary by credential) and repository; a read
 * that fails is not kept (the gate fails closed and asks again next time). A read already under
 * way when a push invalidates is not kept either: it may hold the file before the push.
 */
export class CachedConfig {
  private readonly entries = new Map<string, { at: number; config: AirlockConfig }>();
  /** Bumped by every invalidation: a read that started before one is not kept. */
  private generation = 0;

  constructor(private readonly options: { read: ConfigReader; clock: () => number; ttlMs?: number }) {}

  /** The reader the gate uses; a read at a `ref` is never cached. */
  readonly read = async (context: Context, owner: string, repo: string, ref?: string): Promise<AirlockConfig> => {
    if (ref !== undefined) return this.options.read(context, owner, repo, ref);
    const installationId = (context.payload as { installation?: { id?: number } } | undefined)?.installation?.id;
    const key = keyOf(installationId, owner, repo);
    const kept = this.entries.get(key);
    if (kept && this.options.clock() - kept.at < (this.options.ttlMs ?? CONFIG_TTL_MS)) return structuredClone(kept.config);
    const generation = this.generation;
    const at = this.options.clock();
    const config = await this.options.read(context, owner, repo);
    if (generation === this.generation) {
      this.entries.delete(key);
      this.entries.set(key, { at, config: structuredClone(config) });
      while (this.entries.size > MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
    }
    return config;
  };

  /** Forgets what `invalidation` names (see configInvalidation). */
  invalidate(invalidation: ConfigInvalidation): void {
    if (!invalidation) return;
    this.generation++;
    // Every installation's entry of it: the push names the repository, whoever reads it.
    const prefix = invalidation.scope === 'owner' ? `${invalidation.owner.toLowerCase()}/` : `${invalidation.owner.toLowerCase()}/${invalidation.repo.toLowerCase()}\u0000`;
    for (const key of [...this.entries.keys()]) if (key.startsWith(prefix)) this.entries.delete(key);
  }
}

const keyOf = (installationId: number | undefined, owner: string, repo: string) => `${owner.toLowerCase()}/${repo.toLowerCase()}\u0000${installationId ?? ''}`;
