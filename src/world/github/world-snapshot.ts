import type { WorldState } from './world-state.js';

const countBy = (values: string[]): Record<string, number> => {
  const counts: Record<string, number> = {};
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
};

/** `GET /_world/state`: what tests and people inspect. Tokens appear by hash prefix, never in clear. */
export function snapshotWorld(state: WorldState): Record<string, unknown> {
  const now = state.clock();
  const all = [...state.tokens.values()];
  const live = all.filter((t) => t.revokedAt === undefined && t.expiresAt > now);
  // Tokens narrowed to listed repositories (what the broker mints) apart from installation-wide
  // ones (what Probot mints for the App's own API calls and caches for their hour).
  const narrowed = (t: { repositoryIds?: number[]; job?: true }) => t.repositoryIds !== undefined && !t.job;
  return {
    tokens: {
      minted: all.length,
      live: live.length,
      narrowed_minted: all.filter(narrowed).length,
      narrowed_live: live.filter(narrowed).length,
      live_tokens: live.map((t) => ({ id: t.hash.slice(0, 12), permissions: t.permissions, repository_ids: t.repositoryIds ?? null, expires_at: new Date(t.expiresAt).toISOString() })),
    },
    check_runs: state.checkRuns.map((r) => ({ id: r.id, name: r.name, head_sha: r.headSha, status: r.status, conclusion: r.conclusion, title: r.output?.title ?? null, summary: r.output?.summary ?? null })),
    issues: state.issues.map((i) => ({ number: i.number, title: i.title, labels: i.labels, comments: i.comments.length })),
    pulls: state.pulls.map((p) => ({ number: p.number, head: p.headRef, base: p.baseRef, state: p.state, reviews: p.reviews.length })),
    rulesets: state.rulesets.map((r) => ({ id: r.id, repository_id: r.repoId, ...r.body })),
    // Counts only: the log holds token hashes, and the snapshot is what leak checks read whole.
    requests: {
      total: state.requests.length,
      by_listener: countBy(state.requests.map((r) => r.listener)),
      by_auth_kind: countBy(state.requests.map((r) => r.auth.kind)),
    },
    refs: Object.fromEntries([...state.repos.values()].map((repo) => [`${repo.owner.login}/${repo.name}`, Object.fromEntries(repo.refs)])),
    violations: state.violations,
  };
}
