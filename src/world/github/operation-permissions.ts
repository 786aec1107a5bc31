import type { PermissionLevel } from './world-state.js';

/**
 * What each operation the stand-in serves demands of its caller, after GitHub's
 * "Permissions required for GitHub Apps" reference:
 * https://docs.github.com/en/rest/authentication/permissions-required-for-github-apps
 * `app`: the App's own JWT. `installation`: any live installation token (no permission needed).
 * `none`: no credential (the manifest conversion, whose one-time code is the credential).
 * Otherwise an installation token holding that permission at that level or above.
 */
export type Requirement = 'none' | 'app' | 'installation' | { permission: string; level: PermissionLevel };

const need = (permission: string, level: PermissionLevel): Requirement => ({ permission, level });

export const operationRequirements: Record<string, Requirement> = {
  'apps/get-authenticated': 'app',
  'apps/create-from-manifest': 'none',
  'apps/get-repo-installation': 'app',
  'apps/get-org-installation': 'app',
  'apps/list-installations': 'app',
  'apps/create-installation-access-token': 'app',
  'apps/revoke-installation-access-token': 'installation',
  'apps/list-repos-accessible-to-installation': 'installation',
  // https://docs.github.com/en/rest/apps/webhooks: the App's own JWT.
  'apps/list-webhook-deliveries': 'app',
  'apps/redeliver-webhook-delivery': 'app',
  'repos/get': need('metadata', 'read'),
  'repos/get-content': need('contents', 'read'),
  'repos/get-collaborator-permission-level': need('metadata', 'read'),
  'git/get-ref': need('contents', 'read'),
  'git/create-ref': need('contents', 'write'),
  'git/update-ref': need('contents', 'write'),
  'git/get-commit': need('contents', 'read'),
  'git/create-commit': need('contents', 'write'),
  'checks/create': need('checks', 'write'),
  'checks/update': need('checks', 'write'),
  'checks/get': need('checks', 'read'),
  'checks/list-for-ref': need('checks', 'read'),
  'issues/create': need('issues', 'write'),
  'issues/get': need('issues', 'read'),
  'issues/create-comment': need('issues', 'write'),
  'issues/update': need('issues', 'write'),
  'issues/list-for-repo': need('issues', 'read'),
  'pulls/create': need('pull_requests', 'write'),
  'pulls/request-reviewers': need('pull_requests', 'write'),
  'pulls/get': need('pull_requests', 'read'),
  'pulls/list': need('pull_requests', 'read'),
  'repos/list-pull-requests-associated-with-commit': need('pull_requests', 'read'),
  'pulls/list-files': need('pull_requests', 'read'),
  'pulls/list-reviews': need('pull_requests', 'read'),
  'repos/get-repo-rulesets': need('administration', 'read'),
  'repos/get-repo-ruleset': need('administration', 'read'),
  'repos/create-repo-ruleset': need('administration', 'write'),
  'repos/update-repo-ruleset': need('administration', 'write'),
  'repos/delete-repo-ruleset': need('administration', 'write'),
  'repos/get-branch-protection': need('administration', 'read'),
  'repos/update-branch-protection': need('administration', 'write'),
  'repos/delete-branch-protection': need('administration', 'write'),
  'repos/create-attestation': need('attestations', 'write'),
  'repos/list-attestations': need('attestations', 'read'),
  'teams/get-membership-for-user-in-org': need('members', 'read'),
};

const rank: Record<PermissionLevel, number> = { read: 1, write: 2, admin: 3 };

export function grants(held: PermissionLevel | undefined, wanted: PermissionLevel): boolean {
  return held !== undefined && rank[held] >= rank[wanted];
}

export function isSubset(requested: Record<string, PermissionLevel>, held: Record<string, PermissionLevel>): boolean {
  return Object.entries(requested).every(([name, level]) => grants(held[name], level));
}
