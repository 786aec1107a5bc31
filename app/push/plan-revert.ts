/** `before` of a push that created the branch: there was no earlier commit. */
export const NO_COMMIT = '0'.repeat(40);

/** The facts of an agent's push to a protected branch that a revert depends on. */
export interface AgentPush {
  /** `owner/repo`. */
  repository: string;
  branch: string;
  before: string;
  after: string;
  /** The push rewrote history: `before` is not an ancestor of `after`. */
  forced: boolean;
  agent: string;
}

/** The branch a revert of `after` is proposed from: one per pushed head, so re-runs find it. */
export const revertBranch = (after: string): string => `airlock/revert-${after.slice(0, 12)}`;

/**
 * What Airlock would write to undo an agent's push, as data: logged and shown as the dry run in
 * every mode, applied only in `fix` mode.
 *
 * Strategy: a revert pull request, never a reset of the branch. A reset (`PATCH git/refs` with
 * `force: true` back to `before`) rewrites the branch's history, silently drops any commit a human
 * pushed after the agent, and is itself a force-push, which Airlock's own ruleset blocks for
 * everyone, Airlock included (no bypass: tokens Airlock mints act as its bot, so a bypass for the
 * App would be a bypass for every agent). A revert pull request keeps history, lets git merge it
 * over later commits, and goes through the same gate and human approval as any other change.
 * https://docs.github.com/en/repositories/configuring-branches-and-merges-in-your-repository/managing-rulesets/available-rules-for-rulesets#block-force-pushes
 * https://docs.github.com/en/pull-requests/collaborating-with-pull-requests/incorporating-changes-from-a-pull-request/reverting-a-pull-request
 *
 * The revert commit is built with the Git Data API: a commit whose tree is `before`'s tree and
 * whose parent is `after`, so it undoes every commit of the push at once (a push can carry
 * several). https://docs.github.com/en/rest/git/commits#create-a-commit
 */
export type RevertPlan =
  | { kind: 'none'; reason: string }
  | {
      kind: 'pull_request';
      base: string;
      branch: string;
      before: string;
      after: string;
      commitMessage: string;
      title: string;
      body: string;
      /** The writes, in order, for the log and the dry run. */
      writes: string[];
    };

export function planRevert(push: AgentPush): RevertPlan {
  // Undoing a branch's creation would mean deleting the branch: destructive, blocked by the
  // ruleset's deletion rule, and the branch may be the only copy of the work. People decide.
  if (push.before === NO_COMMIT) {
    return { kind: 'none', reason: `The push created \`${push.branch}\`, so there is no earlier state to restore. Airlock does not delete branches: review \`${push.branch}\` and delete it if it should not exist.` };
  }
  const branch = revertBranch(push.after);
  const short = (sha: string) => sha.slice(0, 12);
  const title = `Revert ${push.agent}'s push to ${push.branch} (${short(push.after)})`;
  const body = [
    `**${push.agent}** pushed \`${short(push.after)}\` directly to the protected branch \`${push.branch}\`. This pull request restores the content \`${push.branch}\` had at \`${short(push.before)}\`, undoing every commit of that push.`,
    '',
    ...(push.forced
      ? [`The push was forced: it replaced \`${short(push.before)}\` instead of building on it. This restores the content, not the rewritten history; an admin can recover the old history from \`${push.before}\` if needed.`, '']
      : []),
    'Airlock reverts with a pull request rather than resetting the branch: a reset rewrites history, would drop anything pushed after the agent, and is a force-push the branch ruleset blocks. Commits pushed since are kept: git merges this revert over them.',
    '',
    'Review it like any change: merge it to undo the push, or close it if the change should stay (then land it properly through a pull request).',
  ].join('\n');
  return {
    kind: 'pull_request',
    base: push.branch,
    branch,
    before: push.before,
    after: push.after,
    commitMessage: `Revert agent push ${short(push.after)} to ${push.branch}\n\n${push.agent} pushed ${push.before}..${push.after} directly to a protected branch; this restores the tree of ${push.before}.`,
    title,
    body,
    writes: [
      `POST /repos/${push.repository}/git/commits (tree of ${push.before}, parents [${push.after}])`,
      `POST /repos/${push.repository}/git/refs (refs/heads/${branch})`,
      `POST /repos/${push.repository}/pulls (${branch} into ${push.branch})`,
    ],
  };
}
