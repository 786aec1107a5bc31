import { parse as parseYaml } from 'yaml';

/** The Action's inputs (action.yml), read and checked once. */
export interface ActionSettings {
  brokerUrl: string;
  identity: string;
  permissions?: Record<string, 'read' | 'write'>;
  repositories?: string[];
  audience: string;
  run: string;
  tokenEnv: string;
  revokeFailure: 'fail' | 'warn';
  workingDirectory: string;
}

export class InputError extends Error {}

type GetInput = (name: string) => string;

function parseMapping(name: string, text: string): Record<string, 'read' | 'write'> | undefined {
  if (!text.trim()) return undefined;
  let value: unknown;
  try {
    value = parseYaml(text, { maxAliasCount: 0 });
  } catch {
    throw new InputError(`input "${name}" is not valid YAML; expected a mapping such as "contents: read"`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new InputError(`input "${name}" must be a mapping such as "contents: read"`);
  for (const [perm, level] of Object.entries(value)) {
    if (level !== 'read' && level !== 'write') throw new InputError(`input "${name}": ${perm} must be read or write, not ${JSON.stringify(level)}`);
  }
  return value as Record<string, 'read' | 'write'>;
}

export function readActionSettings(getInput: GetInput, env: NodeJS.ProcessEnv): ActionSettings {
  const brokerUrl = getInput('broker-url').replace(/\/+$/, '');
  let url: URL;
  try {
    url = new URL(brokerUrl);
  } catch {
    throw new InputError('input "broker-url" must be the URL of your Airlock App, e.g. https://airlock.example.com');
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname))) {
    throw new InputError('input "broker-url" must use https (plain http is accepted for localhost only)');
  }
  const identity = getInput('identity') || 'agent';
  if (!/^[a-z0-9][a-z0-9_-]{0,63}$/.test(identity)) throw new InputError('input "identity" must name a trust policy: lower-case letters, digits, - and _');
  const run = getInput('run');
  if (!run.trim()) throw new InputError('input "run" is required: the agent command to run with the credentials');
  const tokenEnv = getInput('token-env') || 'GH_TOKEN';
  if (!/^[A-Z_][A-Z0-9_]*$/.test(tokenEnv) || tokenEnv.startsWith('GITHUB_') || tokenEnv.startsWith('ACTIONS_')) {
    throw new InputError('input "token-env" must be an upper-case variable name not starting with GITHUB_ or ACTIONS_ (default GH_TOKEN)');
  }
  const revokeFailure = getInput('revoke-failure') || 'fail';
  if (revokeFailure !== 'fail' && revokeFailure !== 'warn') throw new InputError('input "revoke-failure" must be fail or warn');
  const repositories = getInput('repositories').split(/[\s,]+/).filter(Boolean);
  return {
    brokerUrl,
    identity,
    permissions: parseMapping('permissions', getInput('permissions')),
    repositories: repositories.length ? repositories : undefined,
    audience: getInput('audience') || 'airlock',
    run,
    tokenEnv,
    revokeFailure,
    workingDirectory: getInput('working-directory') || env.GITHUB_WORKSPACE || process.cwd(),
  };
}
