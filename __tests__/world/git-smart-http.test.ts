import { execFile } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { hashToken } from '../../src/world/github/world-state.js';
import { startWorld, type World } from '../../src/world/start-world.js';
import { mintInstallationToken } from '../support/app-jwt.js';

let world: World;
let dir: string;
let receiver: Server;
const deliveries: { event: string; signature: string; body: string }[] = [];

beforeAll(async () => {
  world = await startWorld();
  dir = await mkdtemp(join(tmpdir(), 'world-git-test-'));
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      deliveries.push({ event: String(req.headers['x-github-event']), signature: String(req.headers['x-hub-signature-256']), body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  world.webhookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhook`;
});

afterAll(async () => {
  await world.close();
  await new Promise((resolve) => receiver.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

/** A real git client, trusting the world's CA and nothing from this machine's git configuration. */
function git(args: string[], cwd = dir): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: dir,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_TERMINAL_PROMPT: '0',
    GIT_SSL_CAINFO: world.https.caFile,
    GIT_AUTHOR_NAME: 'Agent Smith',
    GIT_AUTHOR_EMAIL: 'agent@acme.test',
    GIT_COMMITTER_NAME: 'Agent Smith',
    GIT_COMMITTER_EMAIL: 'agent@acme.test',
  };
  return new Promise((resolve) => {
    execFile('git', args, { cwd, env }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

const remote = (token: string, repo = 'acme/widgets.git') => `https://x-access-token:${token}@127.0.0.1:${world.https.port}/${repo}`;

async function token(permissions: Record<string, string>, repositories = ['widgets']): Promise<string> {
  const { status, json } = await mintInstallationToken(world, { permissions, repositories });
  expect(status).toBe(201);
  return String(json.token);
}

const api = async (path: string, tokenValue: string) => {
  const res = await fetch(`${world.githubApiUrl}${path}`, { headers: { authorization: `token ${tokenValue}` } });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
};

let clones = 0;
async function clone(url: string): Promise<{ code: number; stderr: string; path: string }> {
  const path = join(dir, `clone-${++clones}`);
  const result = await git(['clone', '--quiet', url, path]);
  return { code: result.code, stderr: result.stderr, path };
}

function httpsGet(path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(`${world.https.serverUrl}${path}`, { ca: world.https.caPem, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('git smart HTTP over the world\'s HTTPS', () => {
  let writer: string;
  let work: string;

  beforeAll(async () => {
    writer = await token({ contents: 'write', metadata: 'read' });
  });

  it('clones with an installation token as the Basic password: the clone holds the seeded files, and the log holds the token\'s hash', async () => {
    const before = world.state.requests.length;
    const result = await clone(remote(writer));
    expect(result).toMatchObject({ code: 0 });
    work = result.path;
    expect(await readFile(join(work, 'README.md'), 'utf8')).toBe('# widgets\n');
    expect(await readFile(join(work, 'src/index.js'), 'utf8')).toBe('export const answer = 42;\n');
    expect(await readFile(join(work, '.github/airlock/agent.sts.yaml'), 'utf8')).toContain(`issuer: ${world.oidc.issuer}`);
    const seen = world.state.requests.slice(before);
    expect(seen).toContainEqual(expect.objectContaining({ method: 'GET', path: '/acme/widgets.git/info/refs', listener: 'https', auth: { scheme: 'basic', kind: 'installation', tokenHash: hashToken(writer) } }));
    expect(seen).toContainEqual(expect.objectContaining({ method: 'POST', path: '/acme/widgets.git/git-upload-pack', listener: 'https' }));
    expect(JSON.stringify(world.state.requests)).not.toContain(writer);
  });

  it('pushes a new branch: the REST API shows the branch and the commit with its files, and a signed push webhook arrives', async () => {
    await writeFile(join(work, 'feature.txt'), 'made by the agent\n');
    expect((await git(['checkout', '--quiet', '-b', 'feature'], work)).code).toBe(0);
    expect((await git(['add', 'feature.txt'], work)).code).toBe(0);
    expect((await git(['commit', '--quiet', '-m', 'Add a feature'], work)).code).toBe(0);
    const sha = (await git(['rev-parse', 'HEAD'], work)).stdout.trim();
    deliveries.length = 0;
    const push = await git(['push', '--quiet', 'origin', 'feature'], work);
    expect(push).toMatchObject({ code: 0 });

    const ref = await api('/repos/acme/widgets/git/ref/heads/feature', writer);
    expect(ref.status).toBe(200);
    expect((ref.json.object as { sha: string }).sha).toBe(sha);
    const commit = await api(`/repos/acme/widgets/git/commits/${sha}`, writer);
    expect(commit.json).toMatchObject({ sha, message: 'Add a feature', author: { name: 'Agent Smith', email: 'agent@acme.test' } });
    expect((commit.json.parents as { sha: string }[])[0]?.sha).toBe(world.repo('acme/widgets').refs.get('heads/main'));
    const content = await api('/repos/acme/widgets/contents/feature.txt?ref=feature', writer);
    expect(Buffer.from(String(content.json.content), 'base64').toString('utf8')).toBe('made by the agent\n');
    expect(world.repo('acme/widgets').commits.get(sha)?.files.get('README.md')).toBe('# widgets\n');

    expect(deliveries).toHaveLength(1);
    const [delivery] = deliveries;
    expect(delivery!.event).toBe('push');
    expect(delivery!.signature).toBe(`sha256=${createHmac('sha256', world.state.app.webhookSecret).update(delivery!.body).digest('hex')}`);
    const payload = JSON.parse(delivery!.body) as Record<string, unknown>;
    expect(payload).toMatchObject({ ref: 'refs/heads/feature', before: '0'.repeat(40), after: sha, created: true, deleted: false, forced: false, sender: { login: 'airlock[bot]' }, pusher: { name: 'airlock[bot]' }, repository: { full_name: 'acme/widgets' } });
    expect(payload.commits).toEqual([expect.objectContaining({ id: sha, message: 'Add a feature', added: ['feature.txt'], removed: [], modified: [] })]);
    expect(world.state.violations).toEqual([]);
  });

  it('serves commits the REST API made after the clone, and takes a fast-forward on top of them', async () => {
    const made = await world.push({ repo: 'acme/widgets', branch: 'main', files: { 'api.txt': 'from the API\n' }, pusher: 'alice', message: 'API change' });
    expect((await git(['fetch', '--quiet', 'origin'], work)).code).toBe(0);
    expect((await git(['show', 'origin/main:api.txt'], work)).stdout).toBe('from the API\n');
    expect((await git(['log', '-1', '--format=%s', 'origin/main'], work)).stdout.trim()).toBe('API change');

    expect((await git(['checkout', '--quiet', '-b', 'main-work', 'origin/main'], work)).code).toBe(0);
    await writeFile(join(work, 'README.md'), '# widgets, changed over git\n');
    expect((await git(['commit', '--quiet', '-am', 'Change the README'], work)).code).toBe(0);
    deliveries.length = 0;
    expect(await git(['push', '--quiet', 'origin', 'HEAD:main'], work)).toMatchObject({ code: 0 });
    const head = (await git(['rev-parse', 'HEAD'], work)).stdout.trim();
    const repo = world.repo('acme/widgets');
    expect(repo.refs.get('heads/main')).toBe(head);
    expect(repo.commits.get(head)?.parents).toEqual([made.sha]);
    expect(repo.commits.get(head)?.files.get('api.txt')).toBe('from the API\n');
    const payload = JSON.parse(deliveries[0]!.body) as { before: string; commits: { modified: string[] }[] };
    expect(payload.before).toBe(made.sha);
    expect(payload.commits[0]?.modified).toEqual(['README.md']);
  });

  it('enforces branch rulesets on git pushes as the REST routes do', async () => {
    const repo = world.repo('acme/widgets');
    const ruleset = (rules: { type: string }[]) => ({ id: world.state.nextId(), repoId: repo.id, body: { target: 'branch', enforcement: 'active', conditions: { ref_name: { include: ['~DEFAULT_BRANCH'], exclude: [] } }, rules }, createdAt: '', updatedAt: '' });
    const mainBefore = repo.refs.get('heads/main');
    await writeFile(join(work, 'ruled.txt'), 'not through a pull request\n');
    expect((await git(['add', 'ruled.txt'], work)).code).toBe(0);
    expect((await git(['commit', '--quiet', '-m', 'Straight to main'], work)).code).toBe(0);

    world.state.rulesets.push(ruleset([{ type: 'pull_request' }]));
    try {
      const refused = await git(['push', 'origin', 'HEAD:main'], work);
      expect(refused.code).not.toBe(0);
      expect(refused.stderr).toContain('GH013: Repository rule violations found for refs/heads/main');
      expect(refused.stderr).toContain('Changes must be made through a pull request');
      expect(repo.refs.get('heads/main')).toBe(mainBefore);
      // Other branches are not covered by the ruleset.
      expect((await git(['push', '--quiet', 'origin', 'HEAD:refs/heads/side'], work)).code).toBe(0);
    } finally {
      world.state.rulesets.pop();
    }

    world.state.rulesets.push(ruleset([{ type: 'non_fast_forward' }]));
    try {
      expect((await git(['push', '--quiet', 'origin', 'HEAD:main'], work)).code).toBe(0);
      const rewrite = await git(['push', '--force', 'origin', 'HEAD~1:main'], work);
      expect(rewrite.code).not.toBe(0);
      expect(rewrite.stderr).toContain('Cannot force-push to this branch');
      expect(repo.refs.get('heads/main')).toBe((await git(['rev-parse', 'HEAD'], work)).stdout.trim());
    } finally {
      world.state.rulesets.pop();
    }
  });

  it('enforces tag rulesets on git pushes: creation, update and deletion each by its own rule, an Integration bypass for this App exempts', async () => {
    const repo = world.repo('acme/widgets');
    const tagRuleset = (rules: { type: string }[], extra: Record<string, unknown> = {}) => ({ id: world.state.nextId(), repoId: repo.id, body: { target: 'tag', enforcement: 'active', conditions: { ref_name: { include: ['~ALL'], exclude: [] } }, rules, ...extra }, createdAt: '', updatedAt: '' });
    // Control: with no tag ruleset the agent's token creates a tag.
    // Tags pushed over git stay in the world's git mirror (git-mirror.ts), so they are read back with ls-remote.
    const remoteTags = async () => (await git(['ls-remote', '--tags', 'origin'], work)).stdout;
    expect((await git(['push', '--quiet', 'origin', 'HEAD:refs/tags/v0.9.0'], work)).code).toBe(0);
    expect(await remoteTags()).toContain('refs/tags/v0.9.0');

    world.state.rulesets.push(tagRuleset([{ type: 'creation' }]));
    try {
      const created = await git(['push', 'origin', 'HEAD:refs/tags/v1.0.0'], work);
      expect(created.code).not.toBe(0);
      expect(created.stderr).toContain('GH013: Repository rule violations found for refs/tags/v1.0.0');
      expect(created.stderr).toContain('creations being restricted');
      expect(await remoteTags()).not.toContain('refs/tags/v1.0.0');
      // Creation alone is ruled: the existing tag can still be deleted, and branches are untouched.
      expect((await git(['push', '--quiet', 'origin', '--delete', 'refs/tags/v0.9.0'], work)).code).toBe(0);
      expect((await git(['push', '--quiet', 'origin', 'HEAD:refs/heads/side'], work)).code).toBe(0);
    } finally {
      world.state.rulesets.pop();
    }

    expect((await git(['push', '--quiet', 'origin', 'HEAD~1:refs/tags/v0.9.1'], work)).code).toBe(0);
    world.state.rulesets.push(tagRuleset([{ type: 'update' }, { type: 'deletion' }]));
    try {
      const moved = await git(['push', '--force', 'origin', 'HEAD:refs/tags/v0.9.1'], work);
      expect(moved.stderr).toContain('Cannot update this protected ref');
      const deleted = await git(['push', 'origin', '--delete', 'refs/tags/v0.9.1'], work);
      expect(deleted.stderr).toContain('Cannot delete this protected ref');
      expect(await remoteTags()).toContain('refs/tags/v0.9.1');
    } finally {
      world.state.rulesets.pop();
    }

    world.state.rulesets.push(tagRuleset([{ type: 'creation' }], { bypass_actors: [{ actor_id: world.state.app.id, actor_type: 'Integration', bypass_mode: 'always' }] }));
    try {
      expect((await git(['push', '--quiet', 'origin', 'HEAD:refs/tags/v1.1.0'], work)).code).toBe(0);
    } finally {
      world.state.rulesets.pop();
    }
  });

  it('deletes a branch over git: the ref leaves the model and the webhook says deleted', async () => {
    deliveries.length = 0;
    expect((await git(['push', '--quiet', 'origin', '--delete', 'side'], work)).code).toBe(0);
    expect(world.repo('acme/widgets').refs.has('heads/side')).toBe(false);
    expect((await api('/repos/acme/widgets/git/ref/heads/side', writer)).status).toBe(404);
    expect(JSON.parse(deliveries[0]!.body)).toMatchObject({ ref: 'refs/heads/side', deleted: true, after: '0'.repeat(40), head_commit: null });
  });

  it('accepts `Authorization: bearer` and URLs without `.git`', async () => {
    const path = join(dir, 'bearer-clone');
    const result = await git(['-c', `http.extraHeader=Authorization: bearer ${writer}`, 'clone', '--quiet', `https://127.0.0.1:${world.https.port}/acme/widgets`, path]);
    expect(result).toMatchObject({ code: 0 });
    expect(await readFile(join(path, 'api.txt'), 'utf8')).toBe('from the API\n');
    expect(world.state.requests.at(-1)).toMatchObject({ path: '/acme/widgets/git-upload-pack', auth: { scheme: 'bearer', kind: 'installation' } });
  });

  it('refuses a push with a contents:read token (403) but lets it clone', async () => {
    const reader = await token({ contents: 'read' });
    const cloned = await clone(remote(reader));
    expect(cloned.code).toBe(0);
    await writeFile(join(cloned.path, 'x.txt'), 'x\n');
    await git(['add', 'x.txt'], cloned.path);
    await git(['commit', '--quiet', '-m', 'x'], cloned.path);
    const push = await git(['push', 'origin', 'HEAD:refs/heads/read-only'], cloned.path);
    expect(push.code).not.toBe(0);
    expect(push.stderr).toContain('Permission to acme/widgets.git denied to airlock[bot]');
    expect(push.stderr).toContain('403');
    expect(world.repo('acme/widgets').refs.has('heads/read-only')).toBe(false);
  });

  it('hides a repository the token cannot see (404, "Repository not found.")', async () => {
    const gadgetsOnly = await token({ contents: 'write' }, ['gadgets']);
    const result = await clone(remote(gadgetsOnly));
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('Repository not found.');
    expect((await clone(remote(gadgetsOnly, 'acme/gadgets.git'))).code).toBe(0);
    expect((await clone(remote(gadgetsOnly, 'acme/no-such-repo.git'))).stderr).toContain('Repository not found.');
  });

  it('refuses revoked, expired and unknown tokens with 401', async () => {
    const revoked = await token({ contents: 'read' });
    expect((await fetch(`${world.githubApiUrl}/installation/token`, { method: 'DELETE', headers: { authorization: `token ${revoked}` } })).status).toBe(204);
    const refusedRevoked = await clone(remote(revoked));
    expect(refusedRevoked.code).not.toBe(0);
    expect(refusedRevoked.stderr).toContain('Authentication failed');

    const expiring = await token({ contents: 'read' });
    const realClock = world.state.clock;
    world.state.clock = () => realClock() + 3_601_000;
    try {
      expect((await clone(remote(expiring))).stderr).toContain('Authentication failed');
    } finally {
      world.state.clock = realClock;
    }
    expect((await clone(remote('ghs_' + 'x'.repeat(36)))).stderr).toContain('Authentication failed');
    expect(world.state.requests.at(-1)?.auth).toEqual({ scheme: 'basic', kind: 'invalid', tokenHash: hashToken('ghs_' + 'x'.repeat(36)) });
  });

  it('answers a request without credentials with 401 and GitHub\'s Basic challenge', async () => {
    const res = await httpsGet('/acme/widgets.git/info/refs?service=git-upload-pack');
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toBe('Basic realm="GitHub"');
    const anonymous = await clone(`https://127.0.0.1:${world.https.port}/acme/widgets.git`);
    expect(anonymous.code).not.toBe(0);
    expect(world.state.requests.at(-1)?.auth).toEqual({ scheme: 'none', kind: 'none' });
  });

  it('serves git on the plain-HTTP listener too, and inflates a gzip request body as git http-backend does', async () => {
    const pkt = (line: string) => `${(line.length + 4).toString(16).padStart(4, '0')}${line}`;
    const body = gzipSync(Buffer.from(`${pkt('command=ls-refs\n')}0001${pkt('peel\n')}0000`));
    const basic = Buffer.from(`x-access-token:${writer}`).toString('base64');
    const res = await fetch(`${world.state.serverUrl}/acme/widgets.git/git-upload-pack`, {
      method: 'POST',
      headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-git-upload-pack-request', 'content-encoding': 'gzip', 'git-protocol': 'version=2' },
      body,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/x-git-upload-pack-result');
    expect(await res.text()).toContain(`${world.repo('acme/widgets').refs.get('heads/main')} refs/heads/main`);
    expect(world.state.requests.at(-1)).toMatchObject({ listener: 'http', path: '/acme/widgets.git/git-upload-pack' });
  });
});
