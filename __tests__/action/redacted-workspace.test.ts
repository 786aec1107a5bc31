// airlock:allow-file (synthetic credentials)
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { changesetDigest, gitBlobSha } from '../../src/attest/changeset-digest.js';
import { startStack, type Stack } from '../../src/demo/start-stack.js';
import { runAction, type ActionRun } from '../../src/world/runner-harness.js';
import { MAIN, POST } from '../support/dist-paths.js';

// The agent works on a redacted copy of the checkout and hands its changes back as a patch
// (BRIEF.md agent job steps 5-6; THREATS.md §B 3-4, §D 25), end to end through dist/main.js.
let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack.close());

/** An AWS access key id the scanner finds (a rule positive of aws-access-key-id). */
const AWS_KEY = ['AKIA', 'RO67SW7RQ5LYR879'].join('');
const EXTRAHEADER = 'AUTHORIZATION: basic eC1hY2Nlc3MtdG9rZW46Z2hzX2NoZWNrb3V0';
const TOKEN = /AIRLOCK_[A-Z0-9_]+_[A-Za-z0-9]{20}/;

/**
 * The checkout as actions/checkout leaves it: its token in `.git/config`, and (through a clean
 * filter, since the harness commits the files it writes) an AGENTS.md whose working-tree version
 * differs from the committed one.
 */
const checkout = (agent: string): Record<string, string> => ({
  '.git/config': `[http "https://github.com/"]\n\textraheader = ${EXTRAHEADER}\n[filter "base"]\n\tclean = sed s/injected/base/\n`,
  '.gitattributes': 'AGENTS.md filter=base\n',
  'AGENTS.md': 'injected rules\n',
  'config/settings.py': `aws_access_key_id = "${AWS_KEY}"\nregion = "eu-west-1"\n`,
  'agent.mjs': agent,
});

const agentScript = `import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { execSync } from 'node:child_process';
const settings = readFileSync('config/settings.py', 'utf8');
console.log('SEES ' + JSON.stringify(settings));
console.log('AGENTS ' + readFileSync('AGENTS.md', 'utf8').trim());
console.log('COMMITS ' + execSync('git log --all --format=%s').toString().trim().split('\\n').join('|'));
console.log('CONFIG ' + JSON.stringify(execSync('git config --list --show-origin').toString()));
const token = /AIRLOCK_[A-Z0-9_]+_[A-Za-z0-9]{20}/.exec(settings)[0];
writeFileSync('config/settings.py', settings.replace('eu-west-1', 'us-east-2'));
writeFileSync('leak.py', 'stolen = "' + token + '"\\n');
mkdirSync('src', { recursive: true });
writeFileSync('src/new.js', 'export const x = 1;\\n');
`;

const inputs = (extra: Record<string, string> = {}) => ({
  'broker-url': stack.app.url,
  permissions: 'contents: read',
  run: 'node agent.mjs',
  'fulcio-url': stack.world.sigstore.url,
  'rekor-url': stack.world.sigstore.url,
  'github-token': stack.world.jobToken('acme/widgets', { attestations: 'write' }),
  ...extra,
});

/** Every place a value must never be but the ones named (files the value lives in on purpose). */
function sinks(r: ActionRun, except: string[]): Record<string, string> {
  const files = Object.fromEntries(Object.entries(r.files).filter(([name]) => !except.includes(name)));
  const raw = r.rawOutput.split('\n').filter((l) => !l.startsWith('::add-mask::')).join('\n');
  return { raw, mainLog: r.main.log, postLog: r.post.log, outputs: JSON.stringify(r.outputs), env: JSON.stringify(r.env), state: JSON.stringify(r.state), summary: r.summary, files: JSON.stringify(files), world: JSON.stringify(stack.world.snapshot()) };
}

const patchFile = (r: ActionRun) => Object.keys(r.files).find((n) => /^RUNNER_TEMP\/airlock-agent-.*\.patch$/.test(n));
const predicateOf = (r: ActionRun) => {
  const bundle = JSON.parse(Object.entries(r.files).find(([n]) => n.includes('airlock-attestation-'))![1]);
  return JSON.parse(Buffer.from(bundle.dsseEnvelope.payload, 'base64').toString()).predicate;
};

describe('the redacted workspace', () => {
  it('gives the agent tokens, no history, no credentials and the base AGENTS.md; hands back its changes with real values only where they were', async () => {
    const run = await runAction({ mainPath: MAIN, postPath: POST, inputs: inputs(), env: stack.jobEnv(), workspaceFiles: checkout(agentScript), checkout: true });
    expect(run.main.exitCode).toBe(0);

    // (a) The agent saw a token where the key was.
    const seen = JSON.parse(/^SEES (.*)$/m.exec(run.main.log)![1]!) as string;
    expect(seen).toMatch(new RegExp(`^aws_access_key_id = "${TOKEN.source}"\\nregion = "eu-west-1"\\n$`));
    expect(run.main.log).toMatch(/1 secret value\(s\) replaced by tokens in 1 file\(s\) \(config\/settings\.py\)/);
    // The real value is only in the real file (where it always was) and in the patch's context line.
    for (const [sink, text] of Object.entries(sinks(run, ['workspace/config/settings.py', patchFile(run)!]))) expect([sink, text.includes(AWS_KEY)]).toEqual([sink, false]);

    // (b) The agent's edit of that file lands with the real value back in its place.
    expect(run.files['workspace/config/settings.py']).toBe(`aws_access_key_id = "${AWS_KEY}"\nregion = "us-east-2"\n`);

    // (c) A token copied into a new file stays a token, and is reported.
    expect(run.files['workspace/leak.py']).toMatch(new RegExp(`^stolen = "${TOKEN.source}"\\n$`));
    expect(run.main.annotations).toContainEqual({ level: 'warning', message: expect.stringMatching(/copied 1 token\(s\) .*stay tokens.*leak\.py:1/) });
    expect(run.summary).toContain('leak.py:1');

    // (d) No history (the checkout's own commit is not there) and no credential in the agent's git config.
    expect(run.main.log).toContain('COMMITS Airlock: redacted workspace\n');
    const config = JSON.parse(/^CONFIG (.*)$/m.exec(run.main.log)![1]!) as string;
    expect(config).not.toMatch(/extraheader|filter\.base/i);
    expect(config).not.toContain('eC1hY2Nlc3M');
    expect(run.files['workspace/.git/config']).toContain(EXTRAHEADER);

    // (e) The working tree's AGENTS.md was not given to the agent; the real one is untouched.
    expect(run.main.log).toContain('AGENTS base rules');
    expect(run.main.annotations).toContainEqual({ level: 'warning', message: expect.stringMatching(/Agent control files changed in the working tree .*AGENTS\.md/) });
    expect(run.files['workspace/AGENTS.md']).toBe('injected rules\n');

    // (f) The patch exists and its changes are in the real working directory; the attestation's
    // changeset is the real working directory's (AGENTS.md was modified there before the agent ran).
    expect(run.outputs['patch-path']).toMatch(/airlock-agent-7000001-1\.patch$/);
    const patch = run.files[patchFile(run)!]!;
    expect(patch).toContain('diff --git a/config/settings.py b/config/settings.py');
    expect(patch).toContain('+region = "us-east-2"');
    expect(patch).toMatch(/\+\+\+ b\/leak\.py\n@@ -0,0 \+1 @@\n\+stolen = "AIRLOCK_/);
    expect(run.files['workspace/src/new.js']).toBe('export const x = 1;\n');
    const expected = changesetDigest([
      { path: 'AGENTS.md', blob: gitBlobSha(Buffer.from('injected rules\n')) },
      { path: 'config/settings.py', blob: gitBlobSha(Buffer.from(run.files['workspace/config/settings.py']!)) },
      { path: 'leak.py', blob: gitBlobSha(Buffer.from(run.files['workspace/leak.py']!)) },
      { path: 'src/new.js', blob: gitBlobSha(Buffer.from('export const x = 1;\n')) },
    ]);
    expect(run.outputs['changeset-digest']).toBe(`sha256:${expected}`);
    const predicate = predicateOf(run);
    expect(predicate.redaction.tokenisedValues).toBe(1);
    expect(predicate.changes.needsApproval).toEqual(['AGENTS.md']);
    expect(run.summary).toContain('changes that need human approval');
  });

  it('with sandbox: none the agent also works on the redacted copy', async () => {
    const agent = `import { readFileSync } from 'node:fs';\nconsole.log('SEES ' + JSON.stringify(readFileSync('config/settings.py', 'utf8')));\nconsole.log('CWD ' + process.cwd());\n`;
    // Unsandboxed, the agent gets no credential: no broker.
    const { 'broker-url': _broker, permissions: _permissions, ...unbrokered } = inputs({ sandbox: 'none', attest: 'false' });
    const run = await runAction({ mainPath: MAIN, postPath: POST, inputs: unbrokered, env: stack.jobEnv(), workspaceFiles: checkout(agent), checkout: true });
    expect(run.main.exitCode).toBe(0);
    expect(run.main.log).toMatch(new RegExp(`SEES "aws_access_key_id = \\\\"${TOKEN.source}\\\\"`));
    expect(run.main.log).toMatch(/CWD .*\/airlock-workspace-[^/]+\/workspace$/m);
    expect(run.rawOutput).not.toContain(AWS_KEY);
  });

  it('hands back what the agent wrote of its placeholder as it is: nothing real lands', async () => {
    const agent = `import { writeFileSync } from 'node:fs';\nwriteFileSync('token.txt', 'gh: ' + process.env.GH_TOKEN + '\\n');\n`;
    const before = stack.world.state.issuedTokens.length;
    const run = await runAction({ mainPath: MAIN, postPath: POST, inputs: inputs({ attest: 'false' }), env: stack.jobEnv(), workspaceFiles: checkout(agent), checkout: true });
    expect(run.main.exitCode).toBe(0);
    expect(run.files['workspace/token.txt']).toMatch(/^gh: ghs_[A-Za-z0-9]{36}\n$/);
    for (const token of stack.world.state.issuedTokens.slice(before)) expect(JSON.stringify(run.files)).not.toContain(token);
    expect(run.main.log).toContain('GitHub confirms it no longer works');
  });

  it('outside a git checkout the agent runs in place, and the log says so', async () => {
    const run = await runAction({ mainPath: MAIN, postPath: POST, inputs: inputs({ run: 'echo "PWD=$PWD"; echo hi > here.txt' }), env: stack.jobEnv(), workspaceFiles: { 'README.md': 'hello\n' } });
    expect(run.main.exitCode).toBe(0);
    expect(run.main.log).toMatch(/is not a git checkout: the agent runs in it directly, unredacted/);
    expect(run.files['workspace/here.txt']).toBe('hi\n');
    expect(run.outputs['patch-path']).toBeUndefined();
  });
});
