import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startStack, type Stack } from '../../src/demo/start-stack.js';
import { commitFiles, hashToken, headOf } from '../../src/world/github/world-state.js';
import { seedTrustPolicy } from '../../src/world/github/seed-world.js';
import { runAction, type ActionRun } from '../../src/world/runner-harness.js';
import { MAIN, POST } from '../support/dist-paths.js';
import { ensureRoutableTestAddress } from '../support/routable-address.js';
import { DUMP_MEMORY } from '../support/dump-process-memory.js';

/*
 * Issue 12's first acceptance item, end to end: a sandboxed agent that uses `gh api`, `git clone`
 * and `git push` over smart HTTP, and `curl`, against the world's GitHub over real HTTPS, holding
 * only a placeholder. The world sees the real token; the agent's process tree (environment, files,
 * readable memory, dumped by the agent itself) never holds it (THREATS.md §F 31).
 */
let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ httpsHost: ensureRoutableTestAddress() });
  // A trust policy that may push (the seeded one reads only).
  const widgets = stack.world.repo('acme/widgets');
  const policy = seedTrustPolicy(stack.world.oidc.issuer).replace('contents: read', 'contents: write');
  commitFiles(widgets, 'main', { files: { '.github/airlock/writer.sts.yaml': policy }, message: 'writer policy', author: { name: 'alice', email: 'alice@example.test' } });
});
afterAll(() => stack.close());

const agent = `set -eu
start="$PWD"
host="\${GITHUB_SERVER_URL#https://}"
# A background process that outlives nothing, holding the same environment, to be dumped too.
sleep 600 & 
export GH_HOST="$host" GH_ENTERPRISE_TOKEN="$GH_TOKEN" GH_CONFIG_DIR="$HOME/gh" GH_PROMPT_DISABLED=1 GH_NO_UPDATE_NOTIFIER=1
echo "GH=$(gh api repos/acme/widgets --jq .full_name)"
echo "CURL=$(curl -sS -o /dev/null -w '%{http_code}' -H "authorization: token $GH_TOKEN" "$GITHUB_API_URL/repos/acme/widgets/contents/README.md")"
git clone -q "https://x-access-token:$GH_TOKEN@$host/acme/widgets.git" "$HOME/clone"
cd "$HOME/clone"
echo "CLONED=$(cat README.md)"
git checkout -q -b agent/placeholders
echo "written by an agent holding placeholders" > agent.txt
git add agent.txt
git -c user.name=agent -c user.email=agent@example.test commit -qm "agent: placeholders only"
git push -q origin agent/placeholders 2>&1
echo PUSHED
cd "$start"
printf %s "$GH_TOKEN" > .placeholder
perl dump.pl .dump
cp -r "$HOME" .dump/home
mkdir .dump/tmp; find /tmp -mindepth 1 -maxdepth 1 ! -name 'airlock-runner-*' -exec cp -r {} .dump/tmp/ ';'
`;

function run(): Promise<ActionRun> {
  return runAction({
    mainPath: MAIN,
    postPath: POST,
    inputs: { 'broker-url': stack.app.url, identity: 'writer', permissions: 'contents: write\nmetadata: read', run: agent, attest: 'false' },
    env: stack.jobEnv(),
    workspaceFiles: { 'dump.pl': DUMP_MEMORY },
  });
}

describe('an agent with only placeholders, through the world over HTTPS', () => {
  let result: ActionRun;
  let issued: string[];
  beforeAll(async () => {
    const before = stack.world.state.issuedTokens.length;
    result = await run();
    issued = stack.world.state.issuedTokens.slice(before);
  });

  it('works: gh api, curl, git clone and git push all succeed', () => {
    expect(result.main.exitCode).toBe(0);
    expect(result.main.log).toContain('GH=acme/widgets');
    expect(result.main.log).toContain('CURL=200');
    expect(result.main.log).toContain('CLONED=# widgets');
    expect(result.main.log).toContain('PUSHED');
    const branch = stack.world.repo('acme/widgets').refs.get('heads/agent/placeholders');
    expect(branch).toBeDefined();
    expect(headOf(stack.world.repo('acme/widgets'), 'agent/placeholders').files.get('agent.txt')).toBe('written by an agent holding placeholders\n');
  });

  it('the world saw the real token, over the API and over git, and never the placeholder', () => {
    const placeholder = result.files['workspace/.placeholder']!;
    expect(placeholder).toMatch(/^ghs_[A-Za-z0-9]{36}$/);
    const real = new Set(issued.map(hashToken));
    const seen = stack.world.state.requests.filter((r) => r.listener === 'https' && r.auth.tokenHash !== undefined && real.has(r.auth.tokenHash));
    expect(seen.some((r) => r.path.startsWith('/api/v3/repos/acme/widgets'))).toBe(true);
    expect(seen.some((r) => r.path.endsWith('/git-upload-pack'))).toBe(true);
    expect(seen.some((r) => r.path.endsWith('/git-receive-pack'))).toBe(true);
    expect(stack.world.state.requests.some((r) => r.auth.tokenHash === hashToken(placeholder))).toBe(false);
  });

  it("the agent's environment, files and readable memory held no real value", () => {
    expect(result.main.log).toContain('dumped');
    const dumps = Object.entries(result.files).filter(([name]) => name.startsWith('workspace/.dump/'));
    expect(dumps.filter(([name]) => name.endsWith('.mem')).length).toBeGreaterThanOrEqual(3);
    // The dumps would show a value the agent held: its placeholder is in every kind of them.
    const placeholder = result.files['workspace/.placeholder']!;
    for (const kind of ['.environ', '.mem']) expect(dumps.some(([name, text]) => name.endsWith(kind) && text.includes(placeholder))).toBe(true);
    expect(dumps.some(([name, text]) => name.startsWith('workspace/.dump/home/') && text.includes(placeholder))).toBe(true);
    expect(dumps.some(([name]) => name.startsWith('workspace/.dump/home/gh/') || name.startsWith('workspace/.dump/home/clone/'))).toBe(true);
    expect(issued.length).toBeGreaterThan(0);
    for (const token of issued) {
      for (const form of [token, Buffer.from(token).toString('base64'), Buffer.from(`x-access-token:${token}`).toString('base64')]) {
        const holders = dumps.filter(([, text]) => text.includes(form)).map(([name]) => name);
        expect(holders).toEqual([]);
      }
    }
  });

  it('every token is revoked at the end, and the log holds nothing real', () => {
    expect((stack.world.snapshot().tokens as { narrowed_live: number }).narrowed_live).toBe(0);
    // Minus the ::add-mask:: commands, which the runner consumes and never shows.
    const shown = result.rawOutput.split('\n').filter((l) => !l.startsWith('::add-mask::')).join('\n');
    for (const token of issued) expect(shown.includes(token)).toBe(false);
  });
});
