import { concat, decision, type EquivalentDecision, entries, field, fmtV, isObject, objectGet, typeName, values } from './rego-value-semantics.js';

/*
 * Bench-only: policies/secrets.rego (package airlock.secrets) written by hand in TypeScript, the
 * baseline of the policy bench; checked to decide as the Rego on every input of its tests
 * (__tests__/bench/policy-equivalents.test.ts). A change to secrets.rego needs the same change here.
 */

const REQUIRED: [string[], string][] = [
  [['requests'], 'array'],
  [['approval'], 'object'],
  [['approval', 'approved'], 'boolean'],
  [['run'], 'object'],
  [['run', 'sha'], 'string'],
  [['run', 'actor'], 'string'],
];
const ARTICLES: Record<string, string> = { object: 'an object', array: 'an array', string: 'a string', boolean: 'a boolean' };
const RESERVED_NAMES = new Set(['PATH', 'HOME', 'SHELL', 'IFS', 'ENV', 'BASH_ENV', 'PROMPT_COMMAND', 'CI', 'NODE_OPTIONS', 'NODE_PATH', 'PYTHONPATH', 'PYTHONSTARTUP', 'PERL5OPT', 'PERL5LIB', 'RUBYOPT', 'RUBYLIB', 'JAVA_TOOL_OPTIONS', '_JAVA_OPTIONS', 'GIT_SSH_COMMAND', 'GIT_ASKPASS', 'SSH_ASKPASS']);
const RESERVED_PREFIXES = ['GITHUB_', 'ACTIONS_', 'RUNNER_', 'AIRLOCK_', 'INPUT_', 'STATE_', 'LD_', 'DYLD_', 'GIT_CONFIG_'];

const lower = (v: unknown): string | undefined => (typeof v === 'string' ? v.toLowerCase() : undefined);
const upper = (v: unknown): string | undefined => (typeof v === 'string' ? v.toUpperCase() : undefined);
const envOk = (name: unknown): boolean => {
  if (typeof name !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) return false;
  const u = name.toUpperCase();
  return !RESERVED_NAMES.has(u) && !RESERVED_PREFIXES.some((p) => u.startsWith(p));
};
const validLocation = (r: unknown): boolean => {
  const path = field(r, 'path');
  const key = field(r, 'key');
  return typeof path === 'string' && path !== '' && !path.startsWith('/') && !path.split('/').includes('..') && typeof key === 'string' && key !== '';
};

export function decideSecrets(input: unknown): EquivalentDecision {
  const hasType = (path: string[], want: string): boolean => typeName(objectGet(input, path, null)) === want;
  const requests = field(input, 'requests');
  const approval = field(input, 'approval');
  const run = field(input, 'run');
  const approved = field(approval, 'approved') === true;
  const by = field(approval, 'by');
  const sha = field(approval, 'sha');
  const runSha = field(run, 'sha');
  const runActor = field(run, 'actor');
  const deny = new Set<string>();
  for (const [path, want] of REQUIRED) {
    if (hasType(path, want)) continue;
    if (path.length === 1 || isObject(objectGet(input, path.slice(0, -1), null)))
      deny.add(`input.${path.join('.')} must be ${ARTICLES[want]}; the Action builds this document from its settings and the approval record, so the caller has a bug`);
  }
  const list = values(requests);
  const requested = list.some((r) => field(r, 'approval_requested') === true);
  // `requested_paths`: undefined (and so the message) when a request is not an object (r.path undefined).
  const paths = list.every((r) => field(r, 'path') !== undefined && field(r, 'key') !== undefined) ? concat(', ', [...new Set(list.map((r) => `${fmtV(field(r, 'path'))}#${fmtV(field(r, 'key'))}`))].sort()) : undefined;
  const shaShown = objectGet(run, 'sha', '(unknown)');
  if (!approved && paths !== undefined && shaShown !== undefined)
    deny.add(`resolving secrets (${paths}) needs a human approval of commit ${fmtV(shaShown)}${requested ? ' (the workflow marked them as needing approval)' : ''}; someone with write access approves it on the "Airlock secret approval" check run of that commit (Airlock never hands secrets to an unapproved agent run)`);
  if (approved && typeof by !== 'string') deny.add('the approval names no approver (approval.by); record who approved');
  if (approved && sha !== undefined && runSha !== undefined && sha !== runSha) deny.add(`the approval is for commit ${fmtV(sha)} but the run is at ${fmtV(runSha)}; approve the commit the run checks out`);
  if (approved && typeof sha !== 'string' && runSha !== undefined) deny.add(`the approval is bound to no commit (approval.sha); approve commit ${fmtV(runSha)}`);
  if (approved && lower(by) !== undefined && lower(by) === lower(runActor)) deny.add(`${fmtV(by)} approved their own run; someone other than the run's actor must approve`);
  if (approved && lower(by)?.endsWith('[bot]')) deny.add(`${fmtV(by)} is a bot; only a human can approve secret resolution`);
  if (Array.isArray(requests) && requests.length === 0) deny.add('no secrets were requested; name at least one {path, key, env}');
  for (const r of list) {
    if (!isObject(r)) {
      deny.add(`each secret request must be an object {path, key, env}, got ${fmtV(r)}`);
      continue;
    }
    if (!validLocation(r)) deny.add(`secret request ${fmtV(r)}: path must be a relative secret path without ".." segments and key must be non-empty (e.g. {"path": "kv/data/ci/deploy", "key": "token", "env": "DEPLOY_TOKEN"})`);
    if (Object.hasOwn(r, 'approval_requested') && typeof r.approval_requested !== 'boolean') deny.add(`secret request ${fmtV(r)}: approval_requested must be true or false`);
    if (!envOk(r.env)) deny.add(`secret request ${fmtV(r)}: env must be a plain variable name (letters, digits, _) that does not steer the runner, a shell or a runtime (not PATH, LD_*, NODE_OPTIONS, GITHUB_*, ...); pick a name such as DEPLOY_TOKEN`);
  }
  const pairs = entries(requests);
  for (const [i, a] of pairs)
    for (const [j, b] of pairs)
      if ((i as number) < (j as number) && upper(field(a, 'env')) !== undefined && upper(field(a, 'env')) === upper(field(b, 'env')))
        deny.add(`two secret requests write env ${fmtV(field(a, 'env'))}; give each secret its own variable`);
  const wellFormed = REQUIRED.every(([p, w]) => hasType(p, w));
  const approvalValid = approved && typeof by === 'string' && sha !== undefined && sha === runSha && lower(by) !== lower(runActor) && !by.toLowerCase().endsWith('[bot]');
  const allow = wellFormed && approvalValid && list.length > 0 && list.every((r) => validLocation(r) && envOk(field(r, 'env')));
  return decision(allow, deny);
}
