import { compare, concat, count, decision, entries, type EquivalentDecision, field, fmtD, fmtQ, fmtV, isIn, isNumber, isObject, objectGet, typeName, values } from './rego-value-semantics.js';

/*
 * Bench-only: policies/sts.rego (package airlock.sts) written by hand in TypeScript, the baseline
 * the policy bench measures the embedded evaluator against. Same decision (allow and every deny
 * message) on every input the Rego tests use: __tests__/bench/policy-equivalents.test.ts checks
 * it. Not used by the product; a change to sts.rego needs the same change here.
 */

const LEVELS: Record<string, number> = { read: 1, write: 2, admin: 3 };
const REPOSITORY_PERMISSIONS = new Set(['actions', 'administration', 'attestations', 'checks', 'contents', 'deployments', 'discussions', 'environments', 'issues', 'metadata', 'packages', 'pages', 'pull_requests', 'repository_hooks', 'repository_projects', 'secret_scanning_alerts', 'secrets', 'security_events', 'statuses', 'vulnerability_alerts', 'workflows']);
const SORTED_PERMISSIONS = [...REPOSITORY_PERMISSIONS].sort().join(', ');
const UNTRUSTED = new Set(['pull_request_target', 'issue_comment', 'workflow_run']);
const REQUIRED: [string[], string][] = [
  [['identity'], 'string'],
  [['claims'], 'object'],
  [['claims', 'iss'], 'string'],
  [['claims', 'event_name'], 'string'],
  [['claims', 'ref'], 'string'],
  [['claims', 'ref_protected'], 'string'],
  [['claims', 'repository_id'], 'string'],
  [['repository'], 'object'],
  [['repository', 'id'], 'number'],
  [['repository', 'owner'], 'string'],
  [['repository', 'name'], 'string'],
  [['request'], 'object'],
  [['request', 'permissions'], 'object'],
  [['request', 'repositories'], 'array'],
  [['trust_policy'], 'object'],
  [['trust_policy', 'permissions'], 'object'],
  [['trust_policy', 'event_names'], 'array'],
  [['trust_policy', 'max_lifetime_seconds'], 'number'],
  [['ceiling'], 'object'],
  [['ceiling', 'max_permissions'], 'object'],
  [['ceiling', 'repository_writes'], 'boolean'],
  [['ceiling', 'allowed_issuers'], 'array'],
  [['installation'], 'object'],
  [['installation', 'permissions'], 'object'],
];
const ARTICLES: Record<string, string> = { object: 'an object', array: 'an array', string: 'a string', number: 'a number', boolean: 'a boolean' };
const OPTIONAL_LISTS = ['repositories', 'refs', 'job_workflow_refs'];

const isLevel = (v: unknown): boolean => v === 'read' || v === 'write';
const within = (requested: unknown, granted: unknown): boolean => typeof requested === 'string' && typeof granted === 'string' && Object.hasOwn(LEVELS, requested) && Object.hasOwn(LEVELS, granted) && LEVELS[requested]! <= LEVELS[granted]!;
const truthy = (v: unknown): boolean => v !== undefined && v !== false;

export function decideSts(input: unknown): EquivalentDecision {
  const get = (...path: string[]): unknown => path.reduce<unknown>((at, k) => field(at, k), input);
  const claims = get('claims');
  const request = get('request');
  const trust = get('trust_policy');
  const ceiling = get('ceiling');
  const identity = get('identity');
  const permissions = field(request, 'permissions');
  const trustPermissions = field(trust, 'permissions');
  const maxPermissions = field(ceiling, 'max_permissions');
  const installationPermissions = get('installation', 'permissions');
  const writes = field(ceiling, 'repository_writes');
  const hasType = (path: string[], want: string): boolean => typeName(objectGet(input, path, null)) === want;
  const wellFormed = REQUIRED.every(([p, w]) => hasType(p, w));
  const trustRepos = field(trust, 'repositories');
  const repoName = get('repository', 'name');
  const allowedRepos: unknown = Array.isArray(trustRepos) ? trustRepos : repoName === undefined ? undefined : [repoName];
  const ceilingCap = (name: unknown): unknown => (writes === true ? field(maxPermissions, name) : writes === false && truthy(field(maxPermissions, name)) ? 'read' : undefined);
  const organization = (name: unknown): boolean => name === 'members' || (typeof name === 'string' && name.startsWith('organization_'));
  const lifetime = field(trust, 'max_lifetime_seconds');
  const lifetimeInRange = lifetime !== undefined && compare(lifetime, 60) >= 0 && compare(lifetime, 3600) < 0;
  const trustKeys = isObject(trust) ? Object.keys(trust) : undefined;
  const iss = field(claims, 'iss');
  const issuers = field(ceiling, 'allowed_issuers');
  const repositoryId = get('repository', 'id');
  const eventName = field(claims, 'event_name');
  const eventNames = field(trust, 'event_names');
  const ref = field(claims, 'ref');
  const refs = field(trust, 'refs');
  const workflowRefs = field(trust, 'job_workflow_refs');
  const refProtected = field(claims, 'ref_protected');
  const repositories = field(request, 'repositories');

  const deny = new Set<string>();
  const add = (parts: unknown[], text: () => string): void => {
    // A message with an undefined part is undefined in Rego: no message.
    if (parts.every((p) => p !== undefined)) deny.add(text());
  };
  for (const f of OPTIONAL_LISTS) {
    const value = objectGet(trust, f, []);
    if (value !== undefined && !Array.isArray(value)) deny.add(`input.trust_policy.${f} must be a list when present (got a ${typeName(value)}); fix the trust policy field`);
  }
  for (const [path, want] of REQUIRED) {
    if (hasType(path, want)) continue;
    if (path.length === 1 || isObject(objectGet(input, path.slice(0, -1), null)))
      deny.add(`input.${path.join('.')} must be ${ARTICLES[want]}; the broker builds this document from the verified token, the trust policy, the ceiling and the installation, so the caller has a bug`);
  }
  if (isObject(permissions) && count(permissions) === 0) deny.add('the request names no permissions; ask for at least one, e.g. {"contents": "read"}');
  for (const [name, level] of entries(permissions)) {
    if (!isLevel(level)) deny.add(`permission ${fmtV(name)}: ${fmtV(level)} is not a level a token can ask for; request "read" or "write"`);
    if (organization(name)) deny.add(`permission ${fmtV(name)} is an organization permission; a repository trust policy never grants it (invariant 4): remove it from the request and from the trust policy`);
    if (!organization(name) && !REPOSITORY_PERMISSIONS.has(name as string)) deny.add(`permission ${fmtV(name)} is not a repository permission a token can carry; request one of ${SORTED_PERMISSIONS}`);
    if (!REPOSITORY_PERMISSIONS.has(name as string) || !isLevel(level)) continue;
    const n = name as string;
    const l = level as string;
    if (!within(l, field(trustPermissions, n))) {
      const has = objectGet(trustPermissions, n, 'nothing');
      add([identity, has], () => `permission ${n}: ${l} is beyond trust policy ${fmtV(identity)} (it allows ${fmtV(has)}); request less, or widen .github/airlock/${fmtV(identity)}.sts.yaml on the default branch`);
    }
    if (!within(l, ceilingCap(n))) {
      const has = objectGet(maxPermissions, n, 'nothing');
      const note = writes === false ? ' and repository_writes is false, so read at most' : '';
      add([has], () => `permission ${n}: ${l} is beyond the org ceiling (it allows ${fmtV(has)}${note}); request less, or ask an org owner to raise .github/airlock/ceiling.yaml in the org's .github repository`);
    }
    if (!within(l, field(installationPermissions, n))) {
      const has = objectGet(installationPermissions, n, 'nothing');
      add([has], () => `permission ${n}: ${l} is beyond what the Airlock App installation holds (${fmtV(has)}); request less, or have an org owner grant the App that permission`);
    }
  }
  if (typeof iss === 'string' && Array.isArray(issuers) && !isIn(iss, issuers)) {
    const list = concat(', ', issuers);
    add([list], () => `OIDC issuer ${iss} is not allowed by the org ceiling (allowed: ${list}); use a token from an allowed issuer or add it to allowed_issuers`);
  }
  const claimedId = field(claims, 'repository_id');
  if (typeof claimedId === 'string' && isNumber(repositoryId) && claimedId !== fmtD(repositoryId)) {
    const owner = get('repository', 'owner');
    add([owner, repoName], () => `the OIDC token is for repository id ${claimedId}, not ${fmtV(owner)}/${fmtV(repoName)} (id ${fmtD(repositoryId)}); a renamed or re-created repository needs a new trust policy`);
  }
  if (UNTRUSTED.has(eventName as string) && Array.isArray(eventNames) && !isIn(eventName, eventNames))
    add([identity], () => `event ${fmtV(eventName)} is an untrusted trigger: its workflow runs with this repository's identity on input an outsider controls; run the agent from push, workflow_dispatch or schedule, or list ${fmtV(eventName)} in event_name of trust policy ${fmtV(identity)} if you accept that risk`);
  if (typeof eventName === 'string' && !UNTRUSTED.has(eventName) && Array.isArray(eventNames) && !isIn(eventName, eventNames)) {
    const list = concat(', ', eventNames);
    add([identity, list], () => `event ${eventName} is not in event_name of trust policy ${fmtV(identity)} (it allows ${list}); run from an allowed trigger or add the event there`);
  }
  if (typeof refProtected === 'string' && refProtected !== 'true')
    add([ref], () => `ref ${fmtV(ref)} is not protected (ref_protected is ${fmtQ(refProtected)}): tokens are minted only for jobs on protected branches or tags; protect the ref with a ruleset or run from a protected one`);
  if (Array.isArray(refs) && !isIn(ref, refs)) {
    const list = concat(', ', refs);
    add([ref, identity, list], () => `ref ${fmtV(ref)} is not in ref of trust policy ${fmtV(identity)} (it allows ${list})`);
  }
  if (Array.isArray(workflowRefs) && !isIn(field(claims, 'job_workflow_ref'), workflowRefs)) {
    const claim = objectGet(claims, 'job_workflow_ref', '(no job_workflow_ref claim)');
    const list = concat(', ', workflowRefs);
    add([claim, identity, list], () => `workflow ${fmtV(claim)} is not in job_workflow_ref of trust policy ${fmtV(identity)} (it allows ${list})`);
  }
  if (Array.isArray(repositories) && repositories.length === 0) deny.add('the request names no repositories; name at least one (without the owner), e.g. ["app"]');
  for (const repo of values(repositories)) {
    if (isIn(repo, allowedRepos)) continue;
    const list = concat(', ', allowedRepos);
    add([identity, list], () => `repository ${fmtV(repo)} is not allowed by trust policy ${fmtV(identity)} (it allows ${list}); request only those, or list it under repositories in the trust policy`);
  }
  if (isNumber(lifetime) && !lifetimeInRange)
    add([identity], () => `trust policy ${fmtV(identity)} sets max_lifetime_seconds to ${fmtV(lifetime)}; it must be between 60 and 3599 (GitHub tokens live an hour and the broker revokes earlier)`);

  const permissionOk = (name: unknown, level: unknown): boolean =>
    REPOSITORY_PERMISSIONS.has(name as string) && isLevel(level) && within(level, field(trustPermissions, name)) && within(level, ceilingCap(name)) && within(level, field(installationPermissions, name));
  const refOk = !(trustKeys !== undefined && trustKeys.includes('refs')) || isIn(ref, refs);
  const workflowOk = !(trustKeys !== undefined && trustKeys.includes('job_workflow_refs')) || isIn(field(claims, 'job_workflow_ref'), workflowRefs);
  const allow =
    wellFormed &&
    (count(permissions) ?? 0) > 0 &&
    entries(permissions).every(([n, l]) => permissionOk(n, l)) &&
    isIn(iss, issuers) &&
    claimedId === (isNumber(repositoryId) ? fmtD(repositoryId) : undefined) &&
    isIn(eventName, eventNames) &&
    refProtected === 'true' &&
    (count(repositories) ?? 0) > 0 &&
    values(repositories).every((r) => isIn(r, allowedRepos)) &&
    lifetimeInRange &&
    refOk &&
    workflowOk;
  return decision(allow, deny);
}
