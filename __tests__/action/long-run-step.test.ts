import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startStack, type Stack } from '../../src/demo/start-stack.js';
import { commitFiles, hashToken } from '../../src/world/github/world-state.js';
import { seedTrustPolicy } from '../../src/world/github/seed-world.js';
import { runAction } from '../../src/world/runner-harness.js';
import { MAIN, POST } from '../support/dist-paths.js';

/*
 * A run is limited by `timeout-minutes`, not by the trust policy's `max_lifetime`: the Action
 * re-mints the GitHub token before it expires and the proxy swaps it in under the same
 * placeholder (issue 12, item 7). The shortest lifetime a policy may set is one minute, so these
 * tests take that long; they live in a file of their own so they run beside the others.
 */
let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
  const widgets = stack.world.repo('acme/widgets');
  const policy = seedTrustPolicy(stack.world.oidc.issuer).replace('max_lifetime: 15m', 'max_lifetime: 1m');
  commitFiles(widgets, 'main', { files: { '.github/airlock/short.sts.yaml': policy }, message: 'a one-minute policy', author: { name: 'alice', email: 'alice@example.test' } });
});
afterAll(() => stack.close());

const live = () => (stack.world.snapshot().tokens as { narrowed_live: number }).narrowed_live;
const status = '$(curl -sS -o /dev/null -w "%{http_code}" -H "authorization: token $GH_TOKEN" "$GITHUB_API_URL/repos/acme/widgets/contents/README.md")';

describe('a run longer than the token lifetime', () => {
  it('keeps working: the token is re-minted and swapped in under the same placeholder, and every token is revoked at the end', async () => {
    const before = stack.world.state.issuedTokens.length;
    const result = await runAction({
      mainPath: MAIN,
      postPath: POST,
      inputs: {
        'broker-url': stack.app.url,
        identity: 'short',
        permissions: 'contents: read',
        run: `echo "FIRST=${status} $GH_TOKEN"; sleep 80; echo "LATER=${status} $GH_TOKEN"`,
        'fulcio-url': stack.world.sigstore.url,
        'rekor-url': stack.world.sigstore.url,
      },
      env: stack.jobEnv(),
      workspaceFiles: { 'README.md': 'hello\n' },
      checkout: true,
    });
    expect(result.main.exitCode).toBe(0);
    const first = /FIRST=(\d+) (\S+)/.exec(result.main.log);
    const later = /LATER=(\d+) (\S+)/.exec(result.main.log);
    expect(first?.[1]).toBe('200');
    expect(later?.[1]).toBe('200');
    // The same placeholder throughout.
    expect(later?.[2]).toBe(first?.[2]);
    expect(result.main.log).toMatch(/Re-minted the GitHub token before it expired/);
    // Tokens the broker minted for the agent (narrowed to repositories), not the App's own.
    const minted = stack.world.state.issuedTokens.slice(before).filter((t) => stack.world.state.tokens.get(hashToken(t))?.repositoryIds !== undefined);
    expect(minted.length).toBeGreaterThanOrEqual(2);
    // The second request went out with a token minted after the first.
    const used = stack.world.state.requests.filter((r) => r.path === '/api/v3/repos/acme/widgets/contents/README.md' && r.auth.tokenHash !== undefined).map((r) => r.auth.tokenHash);
    expect(used.at(-1)).not.toBe(used.at(-2));
    expect(minted.map(hashToken)).toEqual(expect.arrayContaining([used.at(-1), used.at(-2)]));
    expect(live()).toBe(0);
    // The attestation lists every token with the time it died.
    const bundle = JSON.parse(Object.entries(result.files).find(([n]) => n.includes('airlock-attestation-'))![1]);
    const predicate = JSON.parse(Buffer.from(bundle.dsseEnvelope.payload, 'base64').toString()).predicate;
    const github = predicate.credentials.filter((c: { kind: string }) => c.kind === 'github');
    expect(github.length).toBe(minted.length);
    for (const c of github) expect(Date.parse(c.revokedAt)).toBeGreaterThanOrEqual(Date.parse(c.mintedAt));
    expect(result.summary).not.toContain('not revoked');
  }, 180_000);

  it('ends at timeout-minutes: the agent is stopped, the step fails saying why, nothing stays live', async () => {
    const result = await runAction({
      mainPath: MAIN,
      postPath: POST,
      inputs: { 'broker-url': stack.app.url, identity: 'agent', permissions: 'contents: read', run: 'echo STARTED; sleep 600; echo NEVER', 'timeout-minutes': '1' },
      env: stack.jobEnv(),
    });
    expect(result.main.exitCode).not.toBe(0);
    expect(result.main.log).toContain('STARTED');
    expect(result.main.log).not.toContain('NEVER');
    expect(result.main.annotations).toContainEqual({ level: 'error', message: 'the agent ran longer than timeout-minutes (1) and was stopped' });
    expect(live()).toBe(0);
  }, 180_000);
});
