import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { ConfigError, parseConfig } from '../../app/config/airlock-config.js';
import type { CliIo } from '../../src/cli/cli-io.js';
import { configCommand } from '../../src/cli/config-command.js';
import { runCli } from '../../src/cli/run-cli.js';
import { findConfigFiles } from '../../src/config/find-config-files.js';
import { parseCeiling } from '../../src/sts/org-ceiling.js';
import { StsError } from '../../src/sts/sts-error.js';
import { parseTrustPolicy } from '../../src/sts/trust-policy.js';

/*
 * Issue 15 item 3 acceptance: `airlock config check` fails with file:line on a misspelt field and
 * passes on the examples; the App and the broker refuse the same file, at the same line.
 */

const POLICY = `issuer: https://token.actions.githubusercontent.com
subject: repo:acme/widgets:ref:refs/heads/main
permissions:
  contents: read
max_lifetime: 15m
`;
const CONFIG = `agents:
  - agent-smith[bot]
approval_paths:
  - .github/workflows/**
mode: fix
`;

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A checkout: `files` relative to its root (named `name`). */
function repo(files: Record<string, string>, name = 'widgets'): string {
  const root = join(mkdtempSync(join(tmpdir(), 'airlock-config-check-')), name);
  dirs.push(dirname(root));
  mkdirSync(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

async function run(
  argv: string[],
  cwd: string,
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = { stdout: (t) => void (out += t), stderr: (t) => void (err += t), env, cwd };
  const code = await configCommand(argv, io);
  return { code, out, err };
}

describe('airlock config check passes on what ships', () => {
  it('accepts every airlock config and trust policy under examples/', async () => {
    const { files } = await findConfigFiles(resolve('examples'), { organization: false });
    expect(files.map((f) => f.kind)).toContain('trust-policy');
    const { code, out, err } = await run(['check', 'examples'], process.cwd());
    expect([code, err]).toEqual([0, '']);
    for (const file of files)
      expect(out).toContain(`examples/${file.path.split('/examples/')[1]}: ok`);
    expect(out).toMatch(/\d+ file\(s\) valid\n$/);
  });

  it('with no paths checks exactly the files the App reads, in the current repository', async () => {
    const root = repo({
      '.github/airlock.yml': CONFIG,
      '.github/airlock/agent.sts.yaml': POLICY,
      '.github/airlock/README.md': '# not a policy\n',
      'docs/other.sts.yaml': 'not: checked\n',
    });
    const { code, out } = await run(['check'], root);
    expect(code).toBe(0);
    expect(out).toBe(
      '.github/airlock.yml: ok (Airlock repository configuration)\n.github/airlock/agent.sts.yaml: ok (Airlock trust policy)\n2 file(s) valid\n',
    );
  });
});

describe('a misspelt field', () => {
  const config = CONFIG.replace('approval_paths:', 'aproval_paths:');
  const policy = POLICY.replace('max_lifetime: 15m', 'audiance: airlock');

  it('fails with exit 1 and <file>:<line>:<col>: at the misspelt key, with the fix', async () => {
    const root = repo({ '.github/airlock.yml': config, '.github/airlock/agent.sts.yaml': policy });
    const { code, out } = await run(['check'], root);
    expect(code).toBe(1);
    const lines = out.trim().split('\n');
    expect(lines[0]).toBe(
      '.github/airlock.yml:3:1: unknown field(s) aproval_paths; did you mean approval_paths? (expected one of agents, protected_branches, mode, approvers, approval_paths, gate_all_pull_requests, solo, containment)',
    );
    expect(lines[1]).toMatch(
      /^\.github\/airlock\/agent\.sts\.yaml:5:1: unknown field\(s\) audiance; expected one of issuer, subject, /,
    );
    expect(lines.at(-1)).toBe('2 problem(s) in 2 of 2 file(s)');
  });

  it('prints what docs/config-check.md shows', async () => {
    const root = repo({
      '.github/airlock.yml': config,
      '.github/airlock/agent.sts.yaml': POLICY.replace('15m', '1d'),
      '.github/airlock/codex.sts.yaml': POLICY,
    });
    const shown = /^```text\n([\s\S]*?)^```/m.exec(
      readFileSync('docs/config-check.md', 'utf8'),
    )![1];
    expect(await run(['check'], root)).toEqual({ code: 1, err: '', out: shown });
  });

  it("is refused by the App's parseConfig and the broker's parser with the same schema, at the same place", () => {
    const configError = (() => {
      try {
        parseConfig('acme/widgets:.github/airlock.yml', config);
      } catch (error) {
        return error;
      }
    })();
    expect(configError).toBeInstanceOf(ConfigError);
    expect((configError as Error).message).toMatch(
      /^acme\/widgets:\.github\/airlock\.yml:3:1: unknown field\(s\) aproval_paths; did you mean approval_paths\?/,
    );
    expect(() => parseTrustPolicy('agent', policy)).toThrow(
      /^trust policy \.github\/airlock\/agent\.sts\.yaml:5:1: unknown field\(s\) audiance;/,
    );
    expect(() => parseTrustPolicy('agent', policy)).toThrow(StsError);
    expect(() =>
      parseCeiling(
        'allowed_issuers: [https://token.actions.githubusercontent.com]\nmax_permission: {contents: read}\n',
      ),
    ).toThrow(
      /ceiling\.yaml:1:1: missing field max_permissions.*\(and 1 more; airlock config check lists them all\)$/,
    );
  });

  it('in a nested mapping names the field path and the line of the key', async () => {
    const root = repo({
      '.github/airlock.yml': 'agents: []\napprovers:\n  users: [alice]\n  requried: 2\n',
    });
    const { code, out } = await run(['check'], root);
    expect(code).toBe(1);
    expect(out).toContain(
      '.github/airlock.yml:4:3: approvers: unknown field(s) requried; did you mean required?',
    );
  });
});

describe('a wrong type or value', () => {
  it.each([
    [
      'agents: agent-smith[bot]\n',
      '.github/airlock.yml:1:9: agents: must be a list, not a string ("agent-smith[bot]"), e.g. ["agent-smith[bot]"]',
    ],
    ['solo: "yes"\n', '.github/airlock.yml:1:7: solo: must be true or false, not a string ("yes")'],
    [
      'approvers:\n  required: two\n',
      '.github/airlock.yml:2:13: approvers.required: must be a whole number, not a string ("two")',
    ],
    [
      'mode: fixed\n',
      '.github/airlock.yml:1:7: mode: must be one of log, issue, fix, not "fixed" (did you mean fix?)',
    ],
    [
      'agents:\n  - "@agent-smith"\n',
      '.github/airlock.yml:2:5: agents[0]: must be a GitHub login or App bot such as agent-smith[bot], not "@agent-smith"',
    ],
  ])('%j names the expected type', async (text, line) => {
    const { code, out } = await run(['check'], repo({ '.github/airlock.yml': text }));
    expect(code).toBe(1);
    expect(out.split('\n')[0]).toBe(line);
  });

  it('in a trust policy: a permission GitHub does not have, a level, a pattern that does not compile', async () => {
    const policy =
      'issuer: https://token.actions.githubusercontent.com\nsubject_pattern: "repo:acme/(("\npermissions:\n  pull_request: write\n  contents: admin\n';
    const { code, out } = await run(
      ['check', '.github/airlock/agent.sts.yaml'],
      repo({ '.github/airlock/agent.sts.yaml': policy }),
    );
    expect(code).toBe(1);
    expect(out).toContain(
      '.github/airlock/agent.sts.yaml:4:3: permissions: pull_request is not a repository permission a policy may grant; did you mean pull_requests?',
    );
    expect(out).toContain(
      '.github/airlock/agent.sts.yaml:5:13: permissions.contents: must be read or write, not "admin"',
    );
    const mapping = await run(
      ['check', 'p.sts.yaml'],
      repo({ 'p.sts.yaml': POLICY.replace('contents: read', 'contents: {read: true}') }),
    );
    expect(mapping.out).toBe(
      'p.sts.yaml:4:13: permissions.contents: must be read or write, not {read: true}\n1 problem(s) in 1 of 1 file(s)\n',
    );
    // Checks in code run once the schema passes, and are located too.
    const fixed = policy.replace('pull_request:', 'pull_requests:').replace('admin', 'read');
    const again = await run(
      ['check', '.github/airlock/agent.sts.yaml'],
      repo({ '.github/airlock/agent.sts.yaml': fixed }),
    );
    expect(again.out).toMatch(
      /^\.github\/airlock\/agent\.sts\.yaml:2:18: subject_pattern: is not a valid RE2 regular expression/,
    );
  });

  it('YAML that does not parse, and aliases, are located too', async () => {
    const root = repo({
      'a/airlock.yml': 'agents: [a\nmode: fix\n',
      'b/airlock.yml': 'agents: &x [a]\napproval_paths: *x\n',
    });
    const { code, out } = await run(['check', 'a', 'b'], root);
    expect(code).toBe(1);
    expect(out).toMatch(/^a\/airlock\.yml:2:1: not valid YAML: /m);
    expect(out).toContain(
      'b/airlock.yml:2:17: not valid YAML: aliases are not allowed (*x); write the value out in full',
    );
  });
});

describe('GitHub Actions mode', () => {
  const root = () =>
    repo({
      '.github/airlock.yml': 'agents: []\naproval_paths: [x]\n',
      '.github/airlock/agent.sts.yaml': POLICY,
    });

  it('under GITHUB_ACTIONS=true prints each problem as an ::error workflow command on its file and line', async () => {
    const { code, out } = await run(['check'], root(), { GITHUB_ACTIONS: 'true' });
    expect(code).toBe(1);
    expect(out.split('\n').filter((l) => l.startsWith('::'))).toEqual([
      '::error file=.github/airlock.yml,line=2,col=1,title=airlock config::unknown field(s) aproval_paths; did you mean approval_paths? (expected one of agents, protected_branches, mode, approvers, approval_paths, gate_all_pull_requests, solo, containment)',
    ]);
  });

  it('--format github does the same anywhere; --json wins over GITHUB_ACTIONS', async () => {
    const dir = root();
    expect((await run(['check', '--format', 'github'], dir)).out).toMatch(
      /^::error file=\.github\/airlock\.yml,line=2,col=1,title=airlock config::unknown field/m,
    );
    const { code, out } = await run(['check', '--json'], dir, { GITHUB_ACTIONS: 'true' });
    expect(code).toBe(1);
    expect(JSON.parse(out)).toEqual({
      ok: false,
      files: [
        {
          file: '.github/airlock.yml',
          kind: 'airlock-config',
          problems: [
            {
              line: 2,
              col: 1,
              field: '',
              message: expect.stringMatching(/^unknown field\(s\) aproval_paths/),
            },
          ],
        },
        { file: '.github/airlock/agent.sts.yaml', kind: 'trust-policy', problems: [] },
      ],
    });
  });

  it('escapes what would end a property or the command (, : % and newlines)', async () => {
    const dir = repo({
      'odd,dir:x/agent.sts.yaml':
        'issuer: https://x\nsubject: s\npermissions: {contents: read}\nmax_lifetime: 2h\n',
    });
    const { out } = await run(['check', '--format', 'github', 'odd,dir:x'], dir);
    expect(out).toContain(
      '::error file=odd%2Cdir%3Ax/agent.sts.yaml,line=4,col=15,title=airlock config::max_lifetime: max_lifetime must be between 1m and 59m',
    );
  });
});

describe('the org layer and names the App would skip', () => {
  const org = 'mode: fix\nlocked: [mode, approval_paths]\n';

  it("accepts locked only in the org's .github repository (--org, GITHUB_REPOSITORY, or a checkout named .github)", async () => {
    const widgets = await run(['check'], repo({ '.github/airlock.yml': org }));
    expect(widgets.code).toBe(1);
    expect(widgets.out).toContain(
      ".github/airlock.yml:2:1: locked: only the organization's layer (<org>/.github:.github/airlock.yml) can lock fields",
    );
    expect((await run(['check', '--org'], repo({ '.github/airlock.yml': org }))).code).toBe(0);
    expect(
      (
        await run(['check'], repo({ '.github/airlock.yml': org }), {
          GITHUB_REPOSITORY: 'acme/.github',
        })
      ).code,
    ).toBe(0);
    const dotGithub = await run(
      ['check'],
      repo(
        {
          '.github/airlock.yml': org,
          '.github/airlock/ceiling.yaml':
            'allowed_issuers: [https://token.actions.githubusercontent.com]\nmax_permissions: {contents: write}\n',
        },
        '.github',
      ),
    );
    expect(dotGithub).toEqual({
      code: 0,
      err: '',
      out: '.github/airlock.yml: ok (Airlock organization configuration)\n.github/airlock/ceiling.yaml: ok (Airlock org ceiling)\n2 file(s) valid\n',
    });
    expect(parseConfig('acme/.github:.github/airlock.yml', org, 'organization')).toEqual({
      mode: 'fix',
      locked: ['mode', 'approval_paths'],
    });
    expect(() => parseConfig('acme/widgets:.github/airlock.yml', org)).toThrow(
      /airlock\.yml:2:1: locked: only the organization's layer/,
    );
  });

  it("accepts containment.notify_url only in the org's .github repository, and only https", async () => {
    const notify = 'containment:\n  refused_hosts: 3\n  notify_url: https://hooks.example.com/airlock\n';
    const widgets = await run(['check'], repo({ '.github/airlock.yml': notify }));
    expect(widgets).toEqual({
      code: 1,
      err: '',
      out: expect.stringContaining(
        ".github/airlock.yml:3:3: containment.notify_url: only the organization's layer can set notify_url (the App POSTs there, so a repository's writers must not choose where); move it to <org>/.github:.github/airlock.yml\n",
      ),
    });
    expect((await run(['check', '--org'], repo({ '.github/airlock.yml': notify }))).code).toBe(0);
    const loopback = await run(
      ['check', '--org'],
      repo({ '.github/airlock.yml': 'containment:\n  notify_url: http://127.0.0.1:8080/airlock\n' }),
    );
    expect(loopback.code).toBe(1);
    expect(loopback.out).toContain(
      '.github/airlock.yml:2:15: containment.notify_url: must be an https:// URL without user:password@, such as https://hooks.example.com/airlock, not "http://127.0.0.1:8080/airlock"',
    );
  });

  it('reports names the App never reads, and trust policies named after no usable identity', async () => {
    const root = repo({
      '.github/airlock.yaml': 'agents: []\n',
      '.github/airlock/agent.sts.yml': POLICY,
      '.github/airlock/Agent.sts.yaml': POLICY,
    });
    const { code, out } = await run(['check'], root);
    expect(code).toBe(1);
    expect(out).toContain(
      '.github/airlock/Agent.sts.yaml:1:1: the file name is not a usable identity: identity must be a trust policy name',
    );
    expect(out).toContain(
      '.github/airlock.yaml:1:1: the App reads .github/airlock.yml only; rename it to airlock.yml',
    );
    expect(out).toContain(
      '.github/airlock/agent.sts.yml:1:1: the broker reads trust policies named <identity>.sts.yaml only; rename it to agent.sts.yaml',
    );
  });
});

describe('usage', () => {
  it('--help prints the usage and exit statuses, exit 0, and reads nothing', async () => {
    const empty = repo({});
    const { code, out, err } = await run(['check', '--help'], empty);
    expect([code, err]).toEqual([0, '']);
    expect(out).toMatch(/^usage: airlock config check \[<file\|dir>\.\.\.\]/);
    expect(out).toMatch(
      /exit status:\n {2}0 {2}every file is valid\n {2}1 {2}a file is invalid.*\n {2}2 {2}usage error/,
    );
    expect(readdirSync(empty)).toEqual([]);
    expect((await run(['--help'], empty)).out).toMatch(/airlock config <check>/);
  });

  it.each([
    [
      ['check', 'missing.yml'],
      /^airlock config check: cannot read missing\.yml: no such file or directory\n$/,
    ],
    [
      ['check'],
      /^airlock config check: no Airlock configuration in .*: looked for \.github\/airlock\.yml/,
    ],
    [
      ['check', 'notes.yaml'],
      /^airlock config check: cannot tell what notes\.yaml is: .* give --kind trust-policy\|airlock-config\|airlock-org-config\|org-ceiling; see airlock config check --help\n$/,
    ],
    [
      ['check', '--kind', 'policy', 'notes.yaml'],
      /unknown --kind "policy"; expected one of trust-policy, airlock-config, airlock-org-config, org-ceiling/,
    ],
    [
      ['check', '--format', 'sarif'],
      /unknown format "sarif"; expected --format text, json, github/,
    ],
    [['check', '--strict'], /unknown option "--strict"/],
    [['lint'], /unknown subcommand "lint"; expected one of check/],
  ])('%j is exit 2 with one line on stderr', async (argv, message) => {
    const { code, out, err } = await run(argv, repo({ 'notes.yaml': 'a: 1\n' }));
    expect([code, out]).toEqual([2, '']);
    expect(err).toMatch(message);
    expect(err.trim().split('\n')).toHaveLength(1);
  });

  it('--kind checks a file whose name does not say what it is', async () => {
    const root = repo({ 'policy.yaml': POLICY });
    expect(await run(['check', '--kind', 'trust-policy', 'policy.yaml'], root)).toEqual({
      code: 0,
      err: '',
      out: 'policy.yaml: ok (Airlock trust policy)\n1 file(s) valid\n',
    });
  });

  it('is reachable as airlock config check', async () => {
    let out = '';
    const io: CliIo = {
      stdout: (t) => void (out += t),
      stderr: () => undefined,
      env: {},
      cwd: process.cwd(),
    };
    expect(await runCli(['config', 'check', 'examples/trust-policy.sts.yaml'], io)).toBe(0);
    expect(out).toBe(
      'examples/trust-policy.sts.yaml: ok (Airlock trust policy)\n1 file(s) valid\n',
    );
  });
});
