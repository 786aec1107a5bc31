import { concat, decision, type EquivalentDecision, field, fmtV, isIn, isObject, objectGet, typeName } from './rego-value-semantics.js';

/*
 * Bench-only: policies/egress.rego (package airlock.egress) written by hand in TypeScript, the
 * baseline of the policy bench; checked to decide as the Rego on every input of its tests
 * (__tests__/bench/policy-equivalents.test.ts). No module grants AWS or cloud operations in the
 * shipped policies, so no grant applies here. A change to egress.rego needs the same change here.
 */

const REQUIRED: [string[], string][] = [
  [['request'], 'object'],
  [['request', 'method'], 'string'],
  [['request', 'host'], 'string'],
  [['request', 'path'], 'string'],
  [['credential', 'id'], 'string'],
  [['credential', 'kind'], 'string'],
  [['github', 'service'], 'string'],
  [['github', 'path'], 'string'],
  [['aws', 'service'], 'string'],
  [['aws', 'region'], 'string'],
  [['aws', 'presigned'], 'boolean'],
  [['aws', 'role'], 'string'],
  [['run'], 'object'],
  [['run', 'repositories'], 'array'],
];
const NULLABLE: [string[], string][] = [
  [['credential'], 'object'],
  [['github'], 'object'],
  [['github', 'repository'], 'string'],
  [['aws'], 'object'],
  [['aws', 'operation'], 'string'],
  [['aws', 'bucket'], 'string'],
  [['aws', 'key'], 'string'],
];
const ARTICLES: Record<string, string> = { object: 'an object', array: 'an array', string: 'a string', boolean: 'a boolean' };
const KINDS = ['github-token', 'vault-secret', 'llm-key', 'cloud', 'gcp-token', 'azure-token'];
const CLOUD_TOKEN_KINDS = new Set(['gcp-token', 'azure-token']);
const CLOUD_PROVIDERS: Record<string, string> = { 'gcp-token': 'gcp', 'azure-token': 'azure' };
const GITHUB_SERVICES = ['api', 'git', 'uploads'];
const AWS_READS = new Set(['Query', 'Scan', 'BatchGetItem', 'SelectObjectContent', 'Select']);
const AWS_CREDENTIAL_OPERATIONS: Record<string, Set<string>> = {
  sts: new Set(['AssumeRole', 'AssumeRoleWithSAML', 'AssumeRoleWithWebIdentity', 'AssumeRoot', 'GetSessionToken', 'GetFederationToken', 'GetWebIdentityToken']),
  iam: new Set(['CreateAccessKey', 'CreateLoginProfile', 'UpdateLoginProfile', 'CreateServiceSpecificCredential', 'ResetServiceSpecificCredential', 'UploadSSHPublicKey']),
  sso: new Set(['GetRoleCredentials']),
  'cognito-identity': new Set(['GetCredentialsForIdentity', 'GetOpenIdToken', 'GetOpenIdTokenForDeveloperIdentity']),
  ecr: new Set(['GetAuthorizationToken']),
  codeartifact: new Set(['GetAuthorizationToken']),
  redshift: new Set(['GetClusterCredentials', 'GetClusterCredentialsWithIAM']),
  rds: new Set(['GenerateDbAuthToken']),
  secretsmanager: new Set(['GetSecretValue', 'BatchGetSecretValue']),
  ssm: new Set(['GetParameter', 'GetParameters', 'GetParametersByPath', 'GetParameterHistory']),
  kms: new Set(['Decrypt', 'GenerateDataKey', 'GenerateDataKeyPair', 'GenerateDataKeyWithoutPlaintext']),
};
const GCP_CREDENTIAL_SERVICES = new Set(['sts', 'iamcredentials', 'oauth2', 'secretmanager']);
const CREATES = "creates a repository: a new repository is a place outside the run's repositories to copy code and data to; create repositories yourself, outside the agent run";

export function decideEgress(input: unknown): EquivalentDecision {
  const hasType = (path: string[], want: string): boolean => typeName(objectGet(input, path, null)) === want;
  const parentPresent = (path: string[]): boolean => path.length === 1 || isObject(objectGet(input, path.slice(0, -1), null));
  const nullAt = (path: string[]): boolean => path.reduce<unknown>((at, k) => field(at, k), input) === null;
  const request = field(input, 'request');
  const host = field(request, 'host');
  const path = field(request, 'path');
  const rawMethod = field(request, 'method');
  const method = typeof rawMethod === 'string' ? rawMethod.toUpperCase() : undefined;
  const credential = field(input, 'credential');
  const credentialId = field(credential, 'id');
  const kind = field(credential, 'kind');
  const github = field(input, 'github');
  const service = field(github, 'service');
  const repository = field(github, 'repository');
  const githubPath = field(github, 'path');
  const runRepos = field(field(input, 'run'), 'repositories');
  const aws = field(input, 'aws');
  const cloud = objectGet(input, 'cloud', null);
  const target = method !== undefined && host !== undefined && path !== undefined ? `${method} ${fmtV(host)}${fmtV(path)}` : undefined;
  const runRepositories = concat(', ', runRepos);
  const segments = typeof githubPath === 'string' ? githubPath.toLowerCase().split('/').filter((s) => s !== '') : [];

  const deny = new Set<string>();
  const add = (parts: unknown[], text: () => string): void => {
    if (parts.every((p) => p !== undefined)) deny.add(text());
  };
  for (const [p, want] of REQUIRED)
    if (!hasType(p, want) && parentPresent(p)) deny.add(`input.${p.join('.')} must be ${ARTICLES[want]}; the Action builds this document from the request the proxy intercepted and the run's settings, so the caller has a bug`);
  const nullableOk = (p: string[], want: string): boolean => hasType(p, want) || nullAt(p) || !parentPresent(p);
  for (const [p, want] of NULLABLE)
    if (!nullableOk(p, want)) deny.add(`input.${p.join('.')} must be ${ARTICLES[want]} or null; the Action builds this document from the request the proxy intercepted and the run's settings, so the caller has a bug`);
  const wellFormed = REQUIRED.every(([p, w]) => hasType(p, w) || !parentPresent(p)) && NULLABLE.every(([p, w]) => nullableOk(p, w));

  if (typeof kind === 'string' && !KINDS.includes(kind))
    add([credentialId], () => `credential ${fmtV(credentialId)} has kind ${kind}, which this policy does not know (it knows ${[...KINDS].sort().join(', ')}); the Action has a bug, or the new kind needs a rule in this policy`);

  // GitHub requests.
  const githubOk = github === null || (typeof service === 'string' && GITHUB_SERVICES.includes(service));
  if (typeof service === 'string' && !GITHUB_SERVICES.includes(service))
    deny.add(`input.github.service must be one of ${[...GITHUB_SERVICES].sort().join(', ')} (got ${service}); the Action builds this document from the request the proxy intercepted, so the caller has a bug`);
  let pathRepository: string | null = null;
  if ((service === 'api' || service === 'uploads') && segments.length >= 3 && segments[0] === 'repos') pathRepository = `${segments[1]}/${segments[2]}`;
  if (service === 'git' && segments.length >= 2) pathRepository = `${segments[0]}/${segments[1]!.endsWith('.git') ? segments[1]!.slice(0, -4) : segments[1]}`;
  const notGit = service !== undefined && service !== 'git';
  const byRepositoryId = notGit && segments.length >= 2 && segments[0] === 'repositories';
  const withinRun = isIn(repository, runRepos) || (repository === null && notGit && !byRepositoryId);
  const routes: string[] = [];
  const repositoryRoute = (name: string): boolean => segments.length === 4 && segments[0] === 'repos' && segments[3] === name;
  if (method === 'POST' && segments.length === 2 && segments[0] === 'user' && segments[1] === 'repos') routes.push(CREATES);
  if (method === 'POST' && segments.length === 3 && segments[0] === 'orgs' && segments[2] === 'repos') routes.push(CREATES);
  if (method === 'POST' && repositoryRoute('forks')) routes.push('forks the repository: a fork copies it to an account outside the run; fork it yourself if you need to');
  if (method === 'POST' && repositoryRoute('generate')) routes.push("creates a repository from a template: a new repository is a place outside the run's repositories to copy code and data to; create repositories yourself, outside the agent run");
  if (method === 'POST' && repositoryRoute('transfer')) routes.push('transfers the repository to another owner; transfer it yourself if you mean to');
  if (segments.length >= 4 && segments[0] === 'repos' && segments[3] === 'hooks') routes.push('manages webhooks: a webhook sends repository events and contents to any URL it names; manage webhooks yourself, outside the agent run');
  if (segments.length >= 3 && segments[0] === 'orgs' && segments[2] === 'hooks') routes.push('manages webhooks: a webhook sends organization events and contents to any URL it names; manage webhooks yourself, outside the agent run');
  if (method === 'DELETE' && segments.length === 3 && segments[0] === 'repos') routes.push('deletes the repository; an agent run never deletes repositories: delete it yourself if you mean to');
  if (method === 'PATCH' && segments.length === 3 && segments[0] === 'repos') routes.push("changes the repository's settings (visibility among them: it can make a private repository public); change settings yourself, outside the agent run");
  const refusals = new Set<string>();
  const refuse = (parts: unknown[], text: () => string): void => {
    if (parts.every((p) => p !== undefined)) refusals.add(text());
  };
  if (github === null) refuse([target, credentialId, host], () => `${target} carries the GitHub token (credential ${fmtV(credentialId)}), but ${fmtV(host)} is not one of the run's GitHub hosts; the token is resolved only toward those (the proxy's host binding should have refused this first, so the caller has a bug)`);
  const gist = segments[0] === 'gists' || segments[0] === 'gist' || (typeof host === 'string' && host.toLowerCase().startsWith('gist.'));
  if (gist) refuse([target, runRepositories], () => `${target}: gists live outside every repository (a classic exfiltration channel), so the run's GitHub token is never resolved for them; keep the content in a file or a pull request in ${runRepositories}`);
  if (typeof repository === 'string' && !isIn(repository, runRepos))
    refuse([target, runRepositories], () => `${target}: repository ${repository} is not one the run's GitHub token is narrowed to (${runRepositories}); work in those, or add the repository to the trust policy and to the repositories the run asks for`);
  if (byRepositoryId) refuse([target, runRepositories], () => `${target} addresses a repository by its numeric id, which this policy cannot match against the run's repositories (${runRepositories}); use /repos/{owner}/{repo}/... instead`);
  if (service === 'git' && repository === null)
    refuse([target, runRepositories, host], () => `${target} is a git request that names no repository; the GitHub token is resolved for git only toward the run's repositories (${runRepositories}): use a remote like https://${fmtV(host)}/{owner}/{repo}.git`);
  if (typeof githubPath === 'string' && GITHUB_SERVICES.includes(service as string) && repository !== undefined && pathRepository !== repository)
    refuse([target], () => `${target}: input.github.repository is ${fmtV(repository)} but the path names ${fmtV(pathRepository)}; the Action parses both from the same path, so the caller has a bug`);
  if (notGit) for (const reason of routes) refuse([target], () => `${target} ${reason}`);
  const githubTokenOk = isObject(github) && withinRun && pathRepository === repository && refusals.size === 0;
  if (kind === 'github-token') for (const m of refusals) deny.add(m);

  // AWS requests.
  const awsFactsOk = (aws === null && kind !== 'cloud') || (isObject(aws) && kind === 'cloud');
  if (kind === 'cloud' && aws === null) add([credentialId], () => `credential ${fmtV(credentialId)} is an AWS session but input.aws is null; the Action builds this document from the signed request, so the caller has a bug`);
  if (isObject(aws) && kind !== 'cloud') deny.add('input.aws is set but the request carries no AWS session; the Action builds this document from the signed request, so the caller has a bug');
  const op = field(aws, 'operation');
  const awsService = field(aws, 'service');
  const region = field(aws, 'region');
  const bucket = field(aws, 'bucket');
  const key = field(aws, 'key');
  const resource = typeof bucket === 'string' ? (typeof key === 'string' ? ` (${bucket}/${key})` : ` (bucket ${bucket})`) : '';
  const awsTarget = method !== undefined && awsService !== undefined && region !== undefined ? `${method} ${fmtV(awsService)} ${typeof op === 'string' ? op : '(no operation named)'} in ${fmtV(region)}${resource}` : undefined;
  const awsRead = (typeof op === 'string' && ['Get', 'List', 'Describe', 'Head'].some((p) => op.startsWith(p))) || AWS_READS.has(op as string) || (op === null && (method === 'GET' || method === 'HEAD'));
  const credentialOperation = typeof awsService === 'string' && op !== undefined && (AWS_CREDENTIAL_OPERATIONS[awsService]?.has(op as string) ?? false);
  const presigned = field(aws, 'presigned');
  const awsRefusals = new Set<string>();
  const refuseAws = (parts: unknown[], text: () => string): void => {
    if (parts.every((p) => p !== undefined)) awsRefusals.add(text());
  };
  if (credentialOperation) refuseAws([awsTarget], () => `${awsTarget} hands credentials or secrets back in the clear, which the agent would then hold; Airlock never resolves the AWS session for it (give the agent what it needs another way, for example as a placeholder bound to its host)`);
  if (presigned === true)
    refuseAws([awsTarget, awsService], () => `${awsTarget} is a presigned URL: signed again with the real session, it would be a credential usable by anyone who holds it; the shipped policy refuses them (grant one with aws_presigned_grants contains {"service": "${fmtV(awsService)}", "operations": [...]} in a policy module of package airlock.egress)`);
  if (presigned === false && !awsRead && typeof op === 'string')
    refuseAws([awsTarget, awsService], () => `${awsTarget} writes or acts; the shipped egress policy lets the agent's AWS session only read (Get*, List*, Describe*, Head*); grant it with aws_grants contains {"service": "${fmtV(awsService)}", "operations": ["${op}"]} in a policy module of package airlock.egress (AIRLOCK_POLICY_DIR)`);
  if (presigned === false && !awsRead && op === null) refuseAws([awsTarget], () => `${awsTarget} names no operation Airlock can read and is not a GET or HEAD, so it may write; the shipped egress policy lets the agent's AWS session only read`);
  if (kind === 'cloud') for (const m of awsRefusals) deny.add(m);

  // Google Cloud and Azure requests.
  const cloudKind = CLOUD_TOKEN_KINDS.has(kind as string);
  const provider = field(cloud, 'provider');
  const cloudService = field(cloud, 'service');
  const cloudFactsOk =
    (cloud === null && !cloudKind) ||
    (isObject(cloud) && cloudKind && typeof provider === 'string' && typeof cloudService === 'string' && typeof field(cloud, 'identity') === 'string' && CLOUD_PROVIDERS[kind as string] === provider);
  if (!cloudFactsOk && isObject(credential) && cloudKind) {
    const p = CLOUD_PROVIDERS[kind as string]!;
    add([credentialId], () => `credential ${fmtV(credentialId)} is a ${p} access token but input.cloud is not {provider: ${p}, service, identity}; the Action builds this document from the request and the run's settings, so the caller has a bug`);
  }
  if (cloud !== null && !cloudKind) deny.add("input.cloud is set but the request carries no Google Cloud or Azure token; the Action builds this document from the request and the run's settings, so the caller has a bug");
  const cloudTarget = method !== undefined && provider !== undefined && cloudService !== undefined && host !== undefined && path !== undefined ? `${method} ${fmtV(provider)} ${fmtV(cloudService)} ${fmtV(host)}${fmtV(path)}` : undefined;
  const credentialService =
    (provider === 'gcp' && GCP_CREDENTIAL_SERVICES.has(cloudService as string)) ||
    (provider === 'gcp' && cloudService === 'iam' && typeof path === 'string' && path.toLowerCase().includes('/keys')) ||
    (provider === 'azure' && typeof host === 'string' && ['vault.azure.net', 'vault.azure.cn', 'vault.usgovcloudapi.net'].some((s) => host.toLowerCase().endsWith(s)));
  const cloudRefusals = new Set<string>();
  if (credentialService && cloudTarget !== undefined) cloudRefusals.add(`${cloudTarget}: this service hands credentials or secrets back in the clear, which the agent would then hold; Airlock never resolves the run's ${fmtV(provider)} token for it`);
  if (!(method === 'GET' || method === 'HEAD') && cloudTarget !== undefined && method !== undefined)
    cloudRefusals.add(`${cloudTarget} may write; the shipped egress policy lets the agent's ${fmtV(provider)} token only read (GET, HEAD); grant it with cloud_grants contains {"provider": "${fmtV(provider)}", "service": "${fmtV(cloudService)}", "methods": ["${method}"]} in a policy module of package airlock.egress (AIRLOCK_POLICY_DIR)`);
  if (cloudKind) for (const m of cloudRefusals) deny.add(m);

  const credentialOk =
    credential === null ||
    kind === 'vault-secret' ||
    kind === 'llm-key' ||
    (kind === 'github-token' && githubTokenOk) ||
    (kind === 'cloud' && awsRefusals.size === 0) ||
    (cloudKind && cloudRefusals.size === 0);
  return decision(wellFormed && githubOk && awsFactsOk && cloudFactsOk && credentialOk, deny);
}
