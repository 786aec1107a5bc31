import { generateKeyPairSync, randomBytes } from 'node:crypto';
import {
  commitFiles,
  repoKey,
  type WorldRepo,
  type WorldState,
  type WorldUser,
} from './world-state.js';

export interface SeedOptions {
  serverUrl: string;
  apiUrl: string;
  oidcIssuer: string;
  clock?: () => number;
}

/** The trust policy the seeded repository carries on its default branch. */
export function seedTrustPolicy(oidcIssuer: string): string {
  return [
    '# Airlock trust policy: who may exchange a GitHub OIDC token for what.',
    `issuer: ${oidcIssuer}`,
    'subject: repo:acme/widgets:ref:refs/heads/main',
    'event_name: [push, workflow_dispatch, schedule]',
    'ref: refs/heads/main',
    'job_workflow_ref: acme/widgets/.github/workflows/agent.yml@refs/heads/main',
    'permissions:',
    '  contents: read',
    '  metadata: read',
    'max_lifetime: 15m',
    '',
  ].join('\n');
}

/**
 * The world every test and `airlock world` starts from: an org `acme` with the App installed,
 * a repository `acme/widgets` (default branch `main`) holding a trust policy, and a few people.
 */
export function seedWorld(options: SeedOptions): WorldState {
  let id = 100_000;
  const nextId = () => ++id;
  const clock = options.clock ?? Date.now;
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const user = (login: string, type: WorldUser['type'] = 'User'): WorldUser => ({ login, id: nextId(), type });
  const org = user('acme', 'Organization');
  const appBot = user('airlock[bot]', 'Bot');
  const people = [org, appBot, user('alice'), user('bob'), user('carol'), user('mallory'), user('renovate[bot]', 'Bot'), user('agent-smith[bot]', 'Bot')];
  const users = new Map(people.map((u) => [u.login, u]));

  const state: WorldState = {
    serverUrl: options.serverUrl,
    apiUrl: options.apiUrl,
    clock,
    nextId,
    users,
    app: {
      id: 4242,
      slug: 'airlock',
      name: 'Airlock',
      clientId: 'Iv1.' + randomBytes(8).toString('hex'),
      privateKeyPem: privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
      publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      webhookSecret: randomBytes(20).toString('hex'),
      permissions: {
        administration: 'write',
        checks: 'write',
        contents: 'write',
        issues: 'write',
        metadata: 'read',
        pull_requests: 'write',
        attestations: 'read',
        members: 'read',
      },
      events: ['push', 'pull_request', 'pull_request_review', 'issue_comment', 'check_run', 'repository', 'repository_ruleset', 'branch_protection_rule'],
    },
    registeredApps: new Map(),
    manifestCodes: new Map(),
    appBot,
    installations: new Map(),
    repos: new Map(),
    tokens: new Map(),
    checkRuns: [],
    issues: [],
    pulls: [],
    rulesets: [],
    branchProtections: new Map(),
    attestations: [],
    attestationDelivery: 'url',
    faults: [],
    // acme/reviewers: the approver team tests name in `approvers.teams`.
    teams: new Map([['acme/reviewers', new Set(['alice'])]]),
    requests: [],
    hookDeliveries: [],
    issuedTokens: [],
    violations: [],
  };
  const installationId = 31_337;
  state.installations.set(installationId, {
    id: installationId,
    account: org,
    permissions: { ...state.app.permissions },
    repositorySelection: 'all',
    repositoryIds: [],
  });
  addRepo(state, org, 'widgets', { '.github/airlock/agent.sts.yaml': seedTrustPolicy(options.oidcIssuer), '.github/airlock.yml': 'agents:\n  - agent-smith[bot]\n', 'README.md': '# widgets\n', 'src/index.js': 'export const answer = 42;\n' });
  addRepo(state, org, 'gadgets', { 'README.md': '# gadgets\n' });
  addRepo(state, org, '.github', { 'README.md': '# acme org defaults\n' });
  const widgets = state.repos.get(repoKey('acme', 'widgets'))!;
  widgets.collaborators.set('alice', 'admin');
  widgets.collaborators.set('bob', 'write');
  widgets.collaborators.set('carol', 'read');
  widgets.collaborators.set('agent-smith[bot]', 'write');
  return state;
}

export function addRepo(state: WorldState, owner: WorldUser, name: string, files: Record<string, string>): WorldRepo {
  const repo: WorldRepo = {
    id: state.nextId(),
    name,
    owner,
    private: false,
    defaultBranch: 'main',
    refs: new Map(),
    commits: new Map(),
    collaborators: new Map(),
  };
  commitFiles(repo, 'main', { files, message: 'Initial commit', author: { name: 'alice', email: 'alice@acme.test', login: 'alice' } });
  state.repos.set(repoKey(owner.login, name), repo);
  return repo;
}
