import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { startStack, type Stack } from '../../src/demo/start-stack.js';
import { runAction, type ActionRun } from '../../src/world/runner-harness.js';
import { startUpstream, type Upstream } from '../egress/proxy-fixtures.js';
import { fakeAnthropicKey, makeTestPki, startFakeProvider, type FakeProvider } from '../gateway/gateway-fixtures.js';
import { containersWith, ENGINE, testImage } from '../sandbox/container-fixtures.js';
import { hostProcessesWith } from '../sandbox/sandbox-fixtures.js';

// sandbox: container through the Action, with the world as in sandboxed-step.test.ts: the agent is
// a node program in a locally built image (its own node, not the runner's), the LLM key stays in
// the gateway, the change comes back as a patch, and a cancelled or SIGKILLed step leaves neither
// a container nor a live credential. main and post are bundled from the sources here (as
// scripts/build.js does) so the test exercises them rather than a dist/ built earlier.
let stack: Stack;
let upstream: Upstream;
let provider: FakeProvider;
let pkiDir: string;
let caFile: string;
let image: string;
let bundle: { main: string; post: string };

beforeAll(async () => {
  image = await testImage();
  const out = resolve('node_modules/.cache/airlock-container-step');
  await build({
    entryPoints: { main: 'src/main.ts', post: 'src/post.ts' },
    outdir: out,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    logLevel: 'warning',
    external: ['@electric-sql/pglite', '@octokit/openapi', '@octokit/webhooks-examples', '@sigstore/mock', 'pg-native'],
    banner: { js: "import { createRequire as __airlockCreateRequire } from 'node:module'; const require = __airlockCreateRequire(import.meta.url);" },
  });
  bundle = { main: join(out, 'main.js'), post: join(out, 'post.js') };
  stack = await startStack();
  upstream = await startUpstream();
  pkiDir = await mkdtemp(join(tmpdir(), 'airlock-container-pki-'));
  const pki = makeTestPki(pkiDir);
  provider = await startFakeProvider({ key: pki.serverKey, cert: pki.serverCert });
  caFile = join(pkiDir, 'cas.pem');
  await writeFile(caFile, `${readFileSync(join(pkiDir, 'ca.crt'), 'utf8')}${stack.world.https.caPem}`);
}, 600_000);

afterAll(async () => {
  await provider.close();
  await upstream.close();
  await stack.close();
  await rm(pkiDir, { recursive: true, force: true });
});

const live = () => (stack.world.snapshot().tokens as { narrowed_live: number }).narrowed_live;
const minted = () => (stack.world.snapshot().tokens as { narrowed_minted: number }).narrowed_minted;

const run = (agent: string, inputs: Record<string, string>, options: Partial<Parameters<typeof runAction>[0]> = {}) =>
  runAction({
    mainPath: bundle.main,
    postPath: bundle.post,
    inputs: { 'broker-url': stack.app.url, permissions: 'contents: read', sandbox: 'container', image, 'container-engine': ENGINE, run: agent, ...inputs },
    env: { ...stack.jobEnv(), NODE_EXTRA_CA_CERTS: caFile },
    ...options,
  });

function predicateOf(result: ActionRun): Record<string, unknown> {
  const bundled = JSON.parse(Object.entries(result.files).find(([n]) => n.includes('airlock-attestation-'))![1]);
  return JSON.parse(Buffer.from(bundled.dsseEnvelope.payload, 'base64').toString()).predicate;
}

/** The agent: node from the image, requests through HTTP_PROXY by hand (this node predates NODE_USE_ENV_PROXY). */
const AGENT = (upstreamPort: number) => String.raw`
const http = require('node:http'), net = require('node:net'), fs = require('node:fs');
const proxy = new URL(process.env.HTTP_PROXY);
const via = (method, url, headers, body) => new Promise((res) => {
  const r = http.request({ host: proxy.hostname, port: proxy.port, method, path: url, headers: { ...headers, host: new URL(url).host } }, (s) => { let t = ''; s.on('data', (c) => t += c); s.on('end', () => res(s.statusCode + ' ' + t.slice(0, 60))); });
  r.on('error', (e) => res('error ' + e.code)); r.end(body);
});
const direct = () => new Promise((res) => { const s = net.connect(${upstreamPort}, '127.0.0.1'); s.on('connect', () => { s.destroy(); res('connected'); }); s.on('error', (e) => res(e.code)); });
(async () => {
  const lines = ['node ' + process.version + ' at ' + process.execPath + ' as uid ' + process.getuid()];
  lines.push('allowed: ' + await via('GET', 'http://127.0.0.1:${upstreamPort}/from-the-image', {}));
  lines.push('llm: ' + await via('POST', process.env.ANTHROPIC_BASE_URL + '/v1/messages', { 'x-api-key': process.env.ANTHROPIC_API_KEY, 'content-type': 'application/json' }, JSON.stringify({ model: 'm', messages: [] })));
  lines.push('denied: ' + await via('GET', 'http://evil.test/', {}));
  lines.push('direct: ' + await direct());
  fs.writeFileSync('NOTES.md', lines.join('\n') + '\n');
  fs.writeFileSync('README.md', fs.readFileSync('README.md', 'utf8') + 'changed in the container\n');
  console.log(lines.join('\n'));
})();
`;

describe('sandbox: container through the Action', () => {
  it("runs an agent with its own node in the team's image: only the allowed host and the gateway answer, the LLM key stays out, the change comes back, the image is attested by digest", async () => {
    const realKey = fakeAnthropicKey();
    const before = upstream.received.length;
    const result = await run('node agent.js', {
      'allowed-hosts': `127.0.0.1:${upstream.port}`,
      'anthropic-api-key': realKey,
      'anthropic-upstream': provider.origin,
      'fulcio-url': stack.world.sigstore.url,
      'rekor-url': stack.world.sigstore.url,
      'github-token': stack.world.jobToken('acme/widgets', { attestations: 'write' }),
    }, { workspaceFiles: { 'README.md': 'hello\n', 'agent.js': AGENT(upstream.port) }, checkout: true });
    expect(result.main.exitCode).toBe(0);
    expect(result.main.log).toMatch(/The agent runs in localhost\/airlock-test-agent:\w+ \(image sha256:[0-9a-f]{64}\) under podman /);
    // The image's node, not the runner's (which lives at /usr/bin/node here).
    expect(result.main.log).toContain('at /usr/local/bin/node as uid 1000');
    expect(result.main.log).toContain('allowed: 200 ok GET /from-the-image');
    expect(result.main.log).toMatch(/llm: 200 \{"ok":true,"method":"POST","url":"\/v1\/messages"/);
    expect(result.main.log).toMatch(/denied: 403 /);
    expect(result.main.log).toContain('direct: ECONNREFUSED');
    expect(upstream.received.slice(before).map((r) => r.url)).toEqual(['/from-the-image']);
    expect(provider.received.at(-1)!.headers['x-api-key']).toBe(realKey);
    expect(result.rawOutput.split('\n').filter((l) => !l.startsWith('::add-mask::')).join('\n')).not.toContain(realKey);
    // The change, handed back into the checkout and as the patch.
    expect(result.files['workspace/README.md']).toBe('hello\nchanged in the container\n');
    expect(result.files['workspace/NOTES.md']).toContain('direct: ECONNREFUSED');
    const patch = Object.entries(result.files).find(([n]) => n.startsWith('RUNNER_TEMP/') && n.endsWith('.patch'))?.[1] ?? '';
    expect(patch).toContain('+changed in the container');
    const predicate = predicateOf(result) as { sandbox: Record<string, unknown>; egress: Record<string, unknown> };
    const id = (await import('node:child_process')).execFileSync(ENGINE, ['image', 'inspect', image, '--format', '{{.Id}}'], { encoding: 'utf8' }).trim();
    expect(predicate.sandbox).toEqual({ backend: 'container', network: 'proxy', engine: { name: 'podman', version: expect.any(String) }, image: { reference: image, id: `sha256:${id}`, repoDigests: [expect.stringMatching(/@sha256:/)], pinned: false } });
    expect(predicate.egress).toMatchObject({ mode: 'proxy', requests: 3, blocked: 1 });
    expect(result.summary).toContain(`container (\`${image}\``);
    expect(live()).toBe(0);
  });

  it('refuses before minting anything: an image not in the local store, and inputs that do not fit', async () => {
    const mintedBefore = minted();
    for (const [inputs, message] of [
      [{ image: 'localhost/airlock-no-such-image:1' }, /the agent's container is unavailable \(image-missing\): image localhost\/airlock-no-such-image:1 is not in podman's local store.*never pulls/],
      [{ image: '' }, /"sandbox: container" needs "image"/],
      [{ 'container-engine': 'lxc' }, /input "container-engine" must be auto, docker, podman/],
      [{ 'container-entrypoint': 'mine' }, /input "container-entrypoint" must be airlock or image, not "mine"/],
      // The test image's ENTRYPOINT is /bin/false: the preflight probe runs through it and stops the step.
      [{ 'container-entrypoint': 'image' }, /the agent's container is unavailable \(container-refused\): the entrypoint of image .* did not start Airlock's launcher/],
      [{ image: 'Not A Reference' }, /input "image": image "Not A Reference" is not an image reference/],
      [{ sandbox: 'bwrap' }, /input "image" needs "sandbox: container"/],
    ] as const) {
      const result = await run('touch agent-ran', inputs);
      expect(result.main.exitCode).not.toBe(0);
      expect(result.main.annotations.find((a) => a.level === 'error')?.message).toMatch(message);
      expect(result.files['workspace/agent-ran']).toBeUndefined();
    }
    expect(minted()).toBe(mintedBefore);
  });

  it('on cancellation the container is gone and every credential revoked', async () => {
    const marker = `airlock-step-cancelled-${Date.now()}`;
    const result = await run(`echo agent-is-running; bash -c "sleep 300; :" ${marker}`, {}, { cancelWhen: /agent-is-running/, cancelGraceMs: 30_000 });
    expect(result.main.exitCode).not.toBe(0);
    // Removed before main returned: nothing to wait for.
    expect(await containersWith(marker)).toEqual([]);
    expect(await hostProcessesWith(marker)).toEqual([]);
    expect(live()).toBe(0);
  });

  it('a SIGKILL of main leaves no container (the watchdog removes it) and no live credential (post revokes it)', async () => {
    const marker = `airlock-main-killed-${Date.now()}`;
    const killer = (async () => {
      // When the agent's container runs, main is SIGKILLed: no abort, no cleanup of its own.
      for (let i = 0; i < 1200; i++) {
        await new Promise((r) => setTimeout(r, 100));
        if ((await containersWith(marker)).length && (await hostProcessesWith(marker)).length) {
          for (const pid of await hostProcessesWith(bundle.main)) process.kill(pid, 'SIGKILL');
          return true;
        }
      }
      return false;
    })();
    const result = await run(`bash -c "sleep 300; :" ${marker}`, {});
    expect(await killer).toBe(true);
    expect(result.main.signal).toBe('SIGKILL');
    let left = ['unchecked'];
    for (let i = 0; i < 300 && left.length; i++) {
      left = await containersWith(marker);
      if (left.length) await new Promise((r) => setTimeout(r, 100));
    }
    expect(left).toEqual([]);
    expect(await hostProcessesWith(marker)).toEqual([]);
    expect(result.post.exitCode).toBe(0);
    expect(live()).toBe(0);
  });
});
