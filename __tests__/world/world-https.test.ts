import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createCertificateAuthority } from '../../src/tls/certificate-authority.js';
import { hashToken } from '../../src/world/github/world-state.js';
import { startWorld, type World } from '../../src/world/start-world.js';
import { mintInstallationToken } from '../support/app-jwt.js';

let world: World;
let dir: string;
let token: string;

beforeAll(async () => {
  world = await startWorld();
  dir = await mkdtemp(join(tmpdir(), 'world-https-test-'));
  const { json } = await mintInstallationToken(world, { permissions: { metadata: 'read', contents: 'read' }, repositories: ['widgets'] });
  token = String(json.token);
});

afterAll(async () => {
  await world.close();
  await rm(dir, { recursive: true, force: true });
});

function run(file: string, args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(file, args, { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir, ...env } }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

describe('the world over HTTPS', () => {
  it('exposes its HTTPS URLs and writes its CA certificate to a file', async () => {
    expect(world.https.serverUrl).toBe(`https://127.0.0.1:${world.https.port}`);
    expect(world.https.apiUrl).toBe(`https://127.0.0.1:${world.https.port}/api/v3`);
    expect(world.https.port).not.toBe(Number(world.gheHost.split(':')[1]));
    expect(await readFile(world.https.caFile, 'utf8')).toBe(world.https.caPem);
    expect(world.githubApiUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/v3$/);
  });

  it('serves the REST API to curl trusting the world CA, at 127.0.0.1 and localhost, and records the request', async () => {
    const before = world.state.requests.length;
    const ok = await run('curl', ['-sS', '--fail', '--cacert', world.https.caFile, '-H', `Authorization: token ${token}`, `${world.https.apiUrl}/repos/acme/widgets`]);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ full_name: 'acme/widgets' });
    expect(world.state.requests[before]).toMatchObject({ method: 'GET', path: '/api/v3/repos/acme/widgets', listener: 'https', auth: { scheme: 'token', kind: 'installation', tokenHash: hashToken(token) } });
    const local = await run('curl', ['-sS', '--fail', '--cacert', world.https.caFile, '-H', `Authorization: token ${token}`, `https://localhost:${world.https.port}/api/v3/repos/acme/widgets`]);
    expect(local.code).toBe(0);
    expect(world.state.violations).toEqual([]);
  });

  it('is refused by curl trusting another CA', async () => {
    const otherCa = join(dir, 'other-ca.pem');
    await writeFile(otherCa, createCertificateAuthority({ commonName: 'Some other CA' }).certPem);
    const refused = await run('curl', ['-sS', '--cacert', otherCa, `${world.https.apiUrl}/repos/acme/widgets`]);
    expect(refused.code).toBe(60); // CURLE_PEER_FAILED_VERIFICATION
  });

  it('serves `gh api` with the world CA as SSL_CERT_FILE', async () => {
    const result = await run('gh', ['api', 'repos/acme/widgets', '--jq', '.full_name'], {
      GH_HOST: `127.0.0.1:${world.https.port}`,
      GH_ENTERPRISE_TOKEN: token,
      GH_CONFIG_DIR: join(dir, 'gh'),
      GH_PROMPT_DISABLED: '1',
      SSL_CERT_FILE: world.https.caFile,
    });
    expect(result).toMatchObject({ code: 0, stdout: 'acme/widgets\n' });
  });

  it('serves Node clients that trust it through NODE_EXTRA_CA_CERTS', async () => {
    const script = `const r = await fetch(${JSON.stringify(`${world.https.apiUrl}/repos/acme/widgets`)}, { headers: { authorization: 'token ' + process.env.T } }); console.log(r.status);`;
    const result = await run(process.execPath, ['--input-type=module', '-e', script], { NODE_EXTRA_CA_CERTS: world.https.caFile, T: token });
    expect(result).toMatchObject({ code: 0, stdout: '200\n' });
  });

  it('echoes what it receives at /_world/echo on both listeners, unvalidated, and logs a placeholder only by hash', async () => {
    const placeholder = 'ghs_placeholder0000000000000000000000000';
    const echoed = await run('curl', ['-sS', '--fail', '--cacert', world.https.caFile, '-X', 'PUT', '-H', 'x-trace: abc123', '-H', `Authorization: Bearer ${placeholder}`, '--data-binary', 'the body', `${world.https.serverUrl}/_world/echo?q=1`]);
    expect(echoed.code).toBe(0);
    expect(JSON.parse(echoed.stdout)).toMatchObject({ method: 'PUT', url: '/_world/echo?q=1', headers: { 'x-trace': 'abc123', authorization: `Bearer ${placeholder}` }, body: 'the body' });
    expect(world.state.requests.at(-1)).toEqual({ time: expect.any(Number), method: 'PUT', path: '/_world/echo', listener: 'https', auth: { scheme: 'bearer', kind: 'invalid', tokenHash: hashToken(placeholder) }, status: 200 });

    const big = 'x'.repeat(70 * 1024);
    const plain = await fetch(`${world.state.serverUrl}/api/v3/_world/echo`, { method: 'POST', body: big });
    expect(plain.status).toBe(200);
    expect(((await plain.json()) as { body: string }).body).toBe(big.slice(0, 64 * 1024));
    expect(world.state.requests.at(-1)).toMatchObject({ listener: 'http', auth: { scheme: 'none', kind: 'none' } });
    expect(world.state.violations).toEqual([]);
  });

  it('shows the request log in /_world/state as counts, with no credential or hash', async () => {
    const text = await (await fetch(`${world.state.serverUrl}/_world/state`)).text();
    expect(text).not.toContain(token);
    expect(text).not.toContain(hashToken(token));
    const state = JSON.parse(text) as { requests: { total: number; by_listener: Record<string, number>; by_auth_kind: Record<string, number> } };
    expect(state.requests.by_listener.https).toBeGreaterThan(0);
    expect(state.requests.by_auth_kind.installation).toBeGreaterThan(0);
    expect(state.requests.total).toBe(world.state.requests.length);
  });
});
