import { describe, expect, it } from '@jest/globals';
import { parseSecretsInput } from '../../src/action/vault/parse-secrets-input.js';
import { VaultError } from '../../src/action/vault/vault-error.js';

const problemsOf = (text: string): string => {
  try {
    parseSecretsInput(text);
  } catch (error) {
    expect(error).toBeInstanceOf(VaultError);
    expect((error as VaultError).code).toBe('secrets_input_invalid');
    return (error as VaultError).message;
  }
  throw new Error('expected the input to be refused');
};

describe('parseSecretsInput', () => {
  it('reads one entry per line and ;-separated entries, skipping blanks and comments', () => {
    const input = ['# CI secrets', 'secret/data/ci/npm token | NPM_TOKEN', '', '  database/creds/ci username | DB_USER ; database/creds/ci password|DB_PASSWORD  ', 'kv-v1/app api-key.v2 | API_KEY\r'].join('\n');
    expect(parseSecretsInput(input)).toEqual([
      { path: 'secret/data/ci/npm', key: 'token', envName: 'NPM_TOKEN', line: 2 },
      { path: 'database/creds/ci', key: 'username', envName: 'DB_USER', line: 4 },
      { path: 'database/creds/ci', key: 'password', envName: 'DB_PASSWORD', line: 4 },
      { path: 'kv-v1/app', key: 'api-key.v2', envName: 'API_KEY', line: 5 },
    ]);
    expect(parseSecretsInput('  \n\n')).toEqual([]);
  });

  it('refuses an entry without "| NAME" or without a key, saying what was expected', () => {
    const message = problemsOf('secret/data/ci/npm token\nsecret/data/ci/npm | NPM_TOKEN');
    expect(message).toContain('2 problem(s)');
    expect(message).toMatch(/line 1 \("secret\/data\/ci\/npm token"\): missing "\| ENV_NAME"; expected "<path> <key> \| ENV_NAME"/);
    expect(message).toMatch(/line 2 .*names a path but no key/);
    expect(problemsOf('a b c | X')).toContain('found 3 words');
    expect(problemsOf('a b | X | Y | Z')).toContain('optionally "| <hosts>');
  });

  it('reads where each placeholder may be resolved: hosts, the header or Authorization schemes, approval', () => {
    const [npm, deploy, plain] = parseSecretsInput(
      ['secret/data/ci/npm token | NPM_TOKEN | registry.npmjs.org', 'secret/data/ci/deploy key | DEPLOY_KEY | api.example.com:8443 *.deploy.test header=X-Deploy-Key approval', 'secret/data/ci/x y | PLAIN'].join('\n'),
    );
    expect(npm!.binding).toEqual({ hosts: [{ host: 'registry.npmjs.org', ports: [443] }], entries: ['registry.npmjs.org:443'], auth: ['bearer', 'token', 'basic'], approval: false });
    expect(deploy!.binding).toEqual({ hosts: [{ host: 'api.example.com', ports: [8443] }, { host: '*.deploy.test', ports: [443] }], entries: ['api.example.com:8443', '*.deploy.test:443'], auth: [], header: 'x-deploy-key', approval: true });
    expect(plain!.binding).toBeUndefined();
    expect(parseSecretsInput('a/b k | K | h.test auth=basic')[0]!.binding!.auth).toEqual(['basic']);
  });

  it('explains a bad binding', () => {
    expect(problemsOf('a/b k | K | approval')).toContain('names no host');
    expect(problemsOf('a/b k | K | https://h.test/')).toContain('binding hosts: "https://h.test/" is not a host');
    expect(problemsOf('a/b k | K | h.test header=authorization')).toContain('header=authorization is not allowed');
    expect(problemsOf('a/b k | K | h.test auth=digest')).toContain('auth=digest: expected bearer, token or basic');
    expect(problemsOf('a/b k | K | h.test header=x-k auth=bearer')).toContain('either header=<name> or auth=<schemes>');
  });

  it('requires upper-case identifiers and suggests the fix', () => {
    expect(problemsOf('secret/data/ci/npm token | npm_token')).toContain('did you mean NPM_TOKEN?');
    expect(problemsOf('secret/data/ci/npm token | 1TOKEN')).toContain('not an upper-case identifier');
    expect(problemsOf('secret/data/ci/npm token | NPM-TOKEN')).toContain('did you mean NPM_TOKEN?');
  });

  it.each(['GITHUB_TOKEN', 'ACTIONS_ID_TOKEN_REQUEST_TOKEN', 'RUNNER_TEMP', 'PATH', 'LD_PRELOAD', 'NODE_OPTIONS', 'BASH_ENV', 'GIT_SSH_COMMAND', 'HTTPS_PROXY', 'AIRLOCK_VAULT_TOKEN'])(
    'refuses the dangerous name %s',
    (name) => {
      expect(problemsOf(`secret/data/ci/npm token | ${name}`)).toMatch(new RegExp(`line 1 .*${name} (starts with|would change)`));
    },
  );

  it('accepts names that merely resemble reserved ones', () => {
    expect(parseSecretsInput('secret/data/ci/npm token | NODE_AUTH_TOKEN\nsecret/data/ci/gh token | GH_PAT').map((r) => r.envName)).toEqual(['NODE_AUTH_TOKEN', 'GH_PAT']);
  });

  it('refuses absolute paths, dot segments, odd characters and duplicate names, all at once', () => {
    const message = problemsOf(['/secret/data/ci/npm token | A', 'secret/../sys/x token | B', 'secret/data/ci/n?pm token | C', 'secret/data/ci/npm tok$en | D', 'secret/data/ci/npm token | E', 'secret/data/ci/other token | E'].join('\n'));
    expect(message).toContain('5 problem(s)');
    expect(message).toContain('line 1 ("/secret/data/ci/npm token | A"): path "/secret/data/ci/npm" starts with "/"; write it without, e.g. secret/data/ci/npm');
    expect(message).toMatch(/line 2 .*"\." or "\.\." segments/);
    expect(message).toMatch(/line 3 .*may hold only letters/);
    expect(message).toMatch(/line 4 .*key "tok\$en"/);
    expect(message).toContain('line 6 ("secret/data/ci/other token | E"): E is already set by line 5');
  });
});
