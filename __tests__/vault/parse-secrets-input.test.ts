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
    expect(problemsOf('a b | X | Y')).toContain('exactly one "|"');
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
