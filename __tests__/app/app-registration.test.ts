import { createHmac } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseEnv } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import { updateEnvFile } from '../../app/env-file.js';
import { parseCeiling } from '../../src/sts/org-ceiling.js';
import { startWorld, type World } from '../../src/world/start-world.js';
import { spawnApp, type AppProcess } from './app-process.js';

// Registration as a new user meets it: `airlock app` with no APP_ID serves the manifest flow from
// app.yml; the browser posts the manifest to the world's settings/apps/new (GitHub's page, which
// creates the App and sends the browser back with a code), the App converts the code
// (POST /app-manifests/{code}/conversions) and writes .env; restarted, it runs as that App.

let world: World;
let dir: string;
const running: AppProcess[] = [];

beforeAll(async () => {
  world = await startWorld();
});
afterAll(async () => {
  await world.close();
});
afterEach(async () => {
  for (const app of running.splice(0)) await app.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

function start(env: Record<string, string | undefined>): AppProcess {
  const app = spawnApp({ cwd: dir, env: { GHE_HOST: world.gheHost, GHE_PROTOCOL: 'http', PORT: '0', AIRLOCK_DATA_DIR: join(dir, 'data'), ...env } });
  running.push(app);
  return app;
}

const unescapeHtml = (text: string) => text.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** What a browser does with the registration page: GET it, keep its cookie, read the form. */
async function openRegistrationPage(setupUrl: string) {
  const res = await fetch(`${setupUrl}/probot`);
  expect(res.status).toBe(200);
  const html = await res.text();
  const action = unescapeHtml(/<form action="([^"]+)" method="post">/.exec(html)![1]!);
  const manifest = unescapeHtml(/name="manifest" value="([^"]*)"/.exec(html)![1]!);
  const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
  return { action, manifest, cookie };
}

/** The browser submits the form to GitHub; GitHub answers with the redirect back (code, state). */
async function submitToGithub(action: string, manifest: string): Promise<URL> {
  const res = await fetch(action, { method: 'POST', body: new URLSearchParams({ manifest }), redirect: 'manual' });
  expect(res.status).toBe(302);
  return new URL(res.headers.get('location')!);
}

const sign = (secret: string, body: string) => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

describe('airlock app without APP_ID: registration from app.yml', () => {
  it('registers the App through the manifest flow, writes .env (0600), and restarted reads .env and runs as that App', async () => {
    dir = await mkdtemp(join(tmpdir(), 'airlock-register-'));
    const setup = start({});
    const setupUrl = (await setup.line(/open (http:\/\/\S+)\/probot to register/))[1]!;

    const { action, manifest, cookie } = await openRegistrationPage(setupUrl);
    const appYml = parse(await readFile(resolve('app.yml'), 'utf8')) as Record<string, unknown>;
    expect(action).toMatch(new RegExp(`^${world.state.serverUrl}/settings/apps/new\\?state=[A-Za-z0-9_-]{20,}$`));
    expect(JSON.parse(manifest)).toEqual({
      name: appYml.name,
      url: appYml.url,
      description: appYml.description,
      public: false,
      default_permissions: appYml.default_permissions,
      default_events: appYml.default_events,
      hook_attributes: { url: `${setupUrl}/api/github/webhooks`, active: true },
      redirect_url: `${setupUrl}/probot/setup`,
    });

    const back = await submitToGithub(action, manifest);
    expect(`${back.origin}${back.pathname}`).toBe(`${setupUrl}/probot/setup`);
    expect(back.searchParams.get('state')).toBe(new URL(action).searchParams.get('state'));
    const code = back.searchParams.get('code')!;

    const done = await fetch(back, { headers: { cookie } });
    expect(done.status).toBe(200);
    expect(await done.text()).toContain('/installations/new');
    const registered = await setup.line(/registered GitHub App (\S+) \(App ID (\d+)\); wrote (\S+); restart airlock app/);
    const appId = Number(registered[2]);
    const worldApp = world.state.registeredApps.get(appId)!;
    expect(worldApp).toMatchObject({ slug: registered[1], permissions: appYml.default_permissions, events: appYml.default_events });
    expect(registered[3]).toBe(join(dir, '.env'));

    const envFile = join(dir, '.env');
    expect((await stat(envFile)).mode & 0o777).toBe(0o600);
    expect({ ...parseEnv(await readFile(envFile, 'utf8')) }).toEqual({
      APP_ID: String(appId),
      PRIVATE_KEY: worldApp.privateKeyPem,
      WEBHOOK_SECRET: worldApp.webhookSecret,
      GITHUB_CLIENT_ID: worldApp.clientId,
      GITHUB_CLIENT_SECRET: worldApp.clientSecret,
    });

    // A code works once (GitHub's too); the setup server takes one registration only.
    const again = await fetch(`${world.githubApiUrl}/app-manifests/${code}/conversions`, { method: 'POST' });
    expect(again.status).toBe(404);
    expect((await fetch(back, { headers: { cookie } })).status).toBe(409);
    expect(await setup.stop()).toBe(0);

    // Restarted in the same directory with nothing else set: .env makes it the new App.
    const appRequests = () => world.state.requests.filter((r) => r.path === '/api/v3/app' && r.auth.kind === 'app').length;
    const before = appRequests();
    const app = start({});
    const port = (await app.line(/listening on port (\d+)/))[1]!;
    expect(appRequests()).toBe(before + 1);
    const ping = JSON.stringify({ zen: 'Keep it logically awesome.', hook_id: 1, sender: { login: 'alice' } });
    const deliver = (secret: string) =>
      fetch(`http://127.0.0.1:${port}/api/github/webhooks`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-github-event': 'ping', 'x-github-delivery': `d-${secret.slice(0, 6)}`, 'x-hub-signature-256': sign(secret, ping) },
        body: ping,
      });
    expect((await deliver(worldApp.webhookSecret)).status).toBe(202);
    expect((await deliver(world.state.app.webhookSecret)).status).not.toBeLessThan(400);
    expect(world.state.violations).toEqual([]);
  });

  it('registers for the organization in GH_ORG, with webhooks to WEBHOOK_PROXY_URL', async () => {
    dir = await mkdtemp(join(tmpdir(), 'airlock-register-'));
    const setup = start({ GH_ORG: 'acme', WEBHOOK_PROXY_URL: 'https://smee.io/airlock-test' });
    const setupUrl = (await setup.line(/open (http:\/\/\S+)\/probot to register/))[1]!;
    const { action, manifest, cookie } = await openRegistrationPage(setupUrl);
    expect(action).toMatch(new RegExp(`^${world.state.serverUrl}/organizations/acme/settings/apps/new\\?state=`));
    expect(JSON.parse(manifest).hook_attributes).toEqual({ url: 'https://smee.io/airlock-test', active: true });
    const back = await submitToGithub(action, manifest);
    expect((await fetch(back, { headers: { cookie } })).status).toBe(200);
    const appId = Number((await setup.line(/App ID (\d+)/))[1]);
    expect(world.state.registeredApps.get(appId)!.owner!.login).toBe('acme');
  });

  it("refuses a code that does not come with this browser's state, and writes nothing", async () => {
    dir = await mkdtemp(join(tmpdir(), 'airlock-register-'));
    const setup = start({});
    const setupUrl = (await setup.line(/open (http:\/\/\S+)\/probot to register/))[1]!;
    // Someone else's registration: their code, their state, their cookie.
    const theirs = await openRegistrationPage(setupUrl);
    const theirBack = await submitToGithub(theirs.action, theirs.manifest);
    const mine = await openRegistrationPage(setupUrl);
    expect((await fetch(theirBack)).status).toBe(400);
    expect((await fetch(theirBack, { headers: { cookie: mine.cookie } })).status).toBe(400);
    const forged = new URL(theirBack);
    forged.searchParams.set('state', new URL(mine.action).searchParams.get('state')!);
    expect((await fetch(forged)).status).toBe(400);
    await expect(stat(join(dir, '.env'))).rejects.toMatchObject({ code: 'ENOENT' });
    expect(setup.stderr()).toContain('refused a /probot/setup request');
    // The world never saw a conversion of their code, which still works for them.
    expect((await fetch(`${world.githubApiUrl}/app-manifests/${theirBack.searchParams.get('code')}/conversions`, { method: 'POST' })).status).toBe(201);
  });

  it('answers an unknown code with 404, as GitHub does, and the page says to start again', async () => {
    const unknown = await fetch(`${world.githubApiUrl}/app-manifests/0123456789abcdef/conversions`, { method: 'POST' });
    expect(unknown.status).toBe(404);
    dir = await mkdtemp(join(tmpdir(), 'airlock-register-'));
    const setup = start({});
    const setupUrl = (await setup.line(/open (http:\/\/\S+)\/probot to register/))[1]!;
    const { action, cookie } = await openRegistrationPage(setupUrl);
    const state = new URL(action).searchParams.get('state')!;
    const res = await fetch(`${setupUrl}/probot/setup?code=0123456789abcdef&state=${state}`, { headers: { cookie } });
    expect(res.status).toBe(502);
    expect(await setup.line(/GitHub did not convert the registration code \(404\)/)).toBeTruthy();
    await expect(stat(join(dir, '.env'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('reads .env at start, and the real environment wins over it', async () => {
    dir = await mkdtemp(join(tmpdir(), 'airlock-register-'));
    await writeFile(join(dir, '.env'), `APP_ID=${world.state.app.id}\nPRIVATE_KEY_PATH=${world.privateKeyPath}\nWEBHOOK_SECRET=${world.state.app.webhookSecret}\n`, { mode: 0o600 });
    const fromFile = start({});
    expect((await fromFile.line(/listening on port (\d+)/))[1]).toMatch(/^\d+$/);
    await fromFile.stop();
    const overridden = start({ APP_ID: '777' });
    expect(await overridden.exited).toBe(2);
    expect(overridden.stderr()).toMatch(/^airlock app: GitHub refused the App's credentials \(APP_ID 777, key SHA256:[A-Za-z0-9+/=]+\): 401 .*; check APP_ID and PRIVATE_KEY\n$/);
  });
});

describe('.env as Probot writes it', () => {
  it('keeps the keys already there, round-trips PEMs and values with spaces or #, and refuses what it cannot write unchanged', async () => {
    dir = await mkdtemp(join(tmpdir(), 'airlock-env-'));
    const path = join(dir, '.env');
    await writeFile(path, '# mine\nLOG_LEVEL=debug\nWEBHOOK_PROXY_URL=https://smee.io/abc\n', { mode: 0o644 });
    const pem = world.state.app.privateKeyPem;
    await updateEnvFile(path, { APP_ID: '12', PRIVATE_KEY: pem, NOTE: 'a b # c', QUOTED: 'say "hi"' });
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect({ ...parseEnv(await readFile(path, 'utf8')) }).toEqual({ LOG_LEVEL: 'debug', WEBHOOK_PROXY_URL: 'https://smee.io/abc', APP_ID: '12', PRIVATE_KEY: pem, NOTE: 'a b # c', QUOTED: 'say "hi"' });
    await expect(updateEnvFile(path, { BAD: `it's "both"` })).rejects.toThrow(/BAD to \.env: its value holds both quote characters/);
    await expect(updateEnvFile(path, { ESCAPED: 'a\\nb' })).rejects.toThrow(/would not read back unchanged/);
  });
});

describe('docs/register-the-app.md', () => {
  it("lists app.yml's permissions and events, and its ceiling example is one the App accepts", async () => {
    const doc = await readFile(resolve('docs/register-the-app.md'), 'utf8');
    const appYml = parse(await readFile(resolve('app.yml'), 'utf8')) as { default_permissions: Record<string, string>; default_events: string[] };
    const table = Object.fromEntries([...doc.matchAll(/^\| `([a-z_]+)`(?: \(organization\))? \| (read|write) \|$/gm)].map((m) => [m[1], m[2]]));
    expect(table).toEqual(appYml.default_permissions);
    const events = /^Events: ([^.]+)\.$/m.exec(doc.replace(/\n(?=`)/g, ' '))![1]!.match(/`([a-z_]+)`/g)!.map((e) => e.slice(1, -1));
    expect(events).toEqual(appYml.default_events);
    const ceiling = /```yaml\n(allowed_issuers[\s\S]*?)```/.exec(doc)![1]!;
    expect(parseCeiling(ceiling)).toEqual({
      allowedIssuers: ['https://token.actions.githubusercontent.com'],
      maxPermissions: { contents: 'write', pull_requests: 'write', issues: 'read', metadata: 'read' },
      repositoryWrites: true,
    });
  });
});
