import { treeSha } from './git-data-routes.js';
import { buildPayload } from './webhook-sender.js';
import type { WorldCommit, WorldRepo, WorldState, WorldUser } from './world-state.js';

/** The SHA a push event names for a ref that did not exist (before) or no longer does (after). */
export const NULL_SHA = '0'.repeat(40);

export interface PushedRef {
  repo: WorldRepo;
  /** Full ref name, `refs/heads/<branch>`. */
  ref: string;
  before: string;
  after: string;
  /** The pushed commits, oldest first. */
  commits: WorldCommit[];
  forced: boolean;
}

const noreplyEmail = (user: WorldUser) => `${user.id}+${user.login}@users.noreply.github.test`;

function commitJson(state: WorldState, repo: WorldRepo, commit: WorldCommit): Record<string, unknown> {
  const parent = commit.parents[0] ? repo.commits.get(commit.parents[0]) : undefined;
  const before = parent?.files ?? new Map<string, string>();
  const paths = [...new Set([...before.keys(), ...commit.files.keys()])].sort();
  const person = { name: commit.author.name, email: commit.author.email, ...(commit.author.login ? { username: commit.author.login } : {}) };
  return {
    id: commit.sha,
    tree_id: treeSha(commit.files),
    distinct: true,
    message: commit.message,
    timestamp: new Date(state.clock()).toISOString(),
    url: `${state.serverUrl}/${repo.owner.login}/${repo.name}/commit/${commit.sha}`,
    author: person,
    committer: person,
    added: paths.filter((p) => !before.has(p)),
    removed: paths.filter((p) => !commit.files.has(p)),
    modified: paths.filter((p) => before.has(p) && commit.files.has(p) && before.get(p) !== commit.files.get(p)),
  };
}

/**
 * The `push` webhook payload for one ref update, from GitHub's example with this world's
 * repository: https://docs.github.com/en/webhooks/webhook-events-and-payloads#push
 * `sender` and `pusher` are who pushed (a person for `world.push`, the App's bot for a git push
 * with an installation token).
 */
export function buildPushPayload(state: WorldState, push: PushedRef & { sender: WorldUser }): Record<string, unknown> {
  const { repo, sender } = push;
  const fullName = `${repo.owner.login}/${repo.name}`;
  const commits = push.commits.map((c) => commitJson(state, repo, c));
  const head = push.after === NULL_SHA ? undefined : repo.commits.get(push.after);
  return buildPayload(state, 'push', {
    repo,
    sender,
    fields: {
      ref: push.ref,
      before: push.before,
      after: push.after,
      created: push.before === NULL_SHA,
      deleted: push.after === NULL_SHA,
      forced: push.forced,
      base_ref: null,
      compare: `${state.serverUrl}/${fullName}/compare/${push.before.slice(0, 12)}...${push.after.slice(0, 12)}`,
      commits,
      head_commit: head ? (commits.find((c) => c.id === head.sha) ?? commitJson(state, repo, head)) : null,
      pusher: { name: sender.login, email: noreplyEmail(sender) },
    },
  });
}
