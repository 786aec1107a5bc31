import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { pino } from 'pino';
import { createProbot } from 'probot';
import { Agent, fetch as undiciFetch } from 'undici';
import { readAirlockConfig } from '../../app/config/read-config.js';
import { identitySuspensions } from '../../app/containment/identity-suspensions.js';
import { resumeIdentity, suspendIdentity } from '../../app/containment/kill-switch.js';
import { githubRevoker } from '../../app/containment/revoke-at-github.js';
import type { AuditRecord } from '../../src/audit/audit-record.js';
import { readAuditLog } from '../../src/audit/read-audit-log.js';
import { verifyAuditChain } from '../../src/audit/verify-audit-chain.js';
import { startStack, type Stack } from '../../src/demo/start-stack.js';
import { createCertificateAuthority } from '../../src/tls/certificate-authority.js';
import type { ContainmentAnswer, RunEvent } from '../../src/telemetry/run-event.js';
import { seedTrustPolicy } from '../../src/world/github/seed-world.js';
import { commitFiles, type WorldIssue } from '../../src/world/github/world-state.js';
import { commentOnIssue } from './issue-comment.js';

// Issue 19 item 2, through the local world over real HTTP: a run whose egress refusals pass the
// threshold is contained (tokens revoked at GitHub, identity suspended, one incident issue,
// notify), the broker refuses the identity until a human resumes it; the kill switch; the audit chain.
// The notify hook is the organization's (only its layer sets notify_url) and https (the only scheme
// the schema takes): the App is handed a fetch that trusts this test's CA, the product is not loosened.

let stack: Stack;
let hook: Server;
let hookOrigin: string;
const notices: { body: string; headers: Record<string, unknown> }[] = [];
const RUN_ID = '7300001';
// The hook's CA lives in this process only; the App's notify transport trusts it and nothing else new.
const hookCa = createCertificateAuthority({ commonName: 'containment world test hook CA' });
const trustingHookCa = new Agent({ connect: { ca: hookCa.certPem } });
// The init is the standard one; undici's types name the same fields with its own classes (as src/action/runner-network.ts).
const notifyFetch = ((input: string | URL | Request, init?: RequestInit) => undiciFetch(input as Parameters<typeof undiciFetch>[0], { ...(init as Parameters<typeof undiciFetch>[1]), dispatcher: trustingHookCa })) as unknown as typeof fetch;

beforeAll(async () => {
  const { keyPem, certPem } = hookCa.issueServerCertificate(['127.0.0.1']);
  hook = createServer({ key: keyPem, cert: certPem }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      notices.push({ body: Buffer.concat(chunks).toString('utf8'), headers: req.headers });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
  hookOrigin = `https://127.0.0.1:${(hook.address() as AddressInfo).port}`;
  stack = await startStack({ log: pino({ level: 'silent' }), notifyFetch });
  const author = { name: 'alice', email: 'alice@users.noreply.github.test', login: 'alice' };
  // A second identity in the same repository, and the repository's containment thresholds.
  commitFiles(stack.world.repo('acme/widgets'), 'main', {
    files: {
      '.github/airlock/other.sts.yaml': seedTrustPolicy(stack.world.oidc.issuer),
      '.github/airlock.yml': 'agents:\n  - agent-smith[bot]\ncontainment:\n  refused_hosts: 5\n  window_seconds: 60\n',
    },
    message: 'Airlock: a second identity and containment settings',
    author,
  });
  // Where to notify: the organization's layer, <org>/.github:.github/airlock.yml.
  commitFiles(stack.world.repo('acme/.github'), 'main', { files: { '.github/airlock.yml': `containment:\n  notify_url: ${hookOrigin}/airlock\n` }, message: 'Airlock: containment notices', author });
}, 60_000);

afterAll(async () => {
  await stack?.close();
  await new Promise((resolve) => hook.close(resolve));
  await trustingHookCa.close();
});

const exchange = async (identity: string) => {
  const res = await fetch(`${stack.app.url}/airlock/v1/token`, { method: 'POST', headers: { authorization: `Bearer ${await stack.world.oidc.mint({ run_id: RUN_ID })}`, 'content-type': 'application/json' }, body: JSON.stringify({ identity, permissions: { contents: 'read' } }) });
  return { status: res.status, json: (await res.json()) as { token?: string; token_id?: string; error?: { code: string; message: string } } };
};
const tokenWorks = async (token: string) => (await fetch(`${stack.world.githubApiUrl}/repos/acme/widgets/contents/README.md`, { headers: { authorization: `token ${token}` } })).status === 200;

const now = () => new Date().toISOString();
const refused = (host: string): RunEvent => ({ kind: 'egress', at: now(), decision: 'deny', host, method: 'GET', pathClass: 'root', bytesOut: 0, bytesIn: 0 });
const postEvents = async (seq: number, events: RunEvent[], identity = 'agent') => {
  const res = await fetch(`${stack.app.url}/airlock/v1/events`, { method: 'POST', headers: { authorization: `Bearer ${await stack.world.oidc.mint({ run_id: RUN_ID })}`, 'content-type': 'application/json' }, body: JSON.stringify({ identity, seq, dropped: 0, events }) });
  const json = (await res.json()) as ContainmentAnswer;
  await stack.app.queue.idle();
  return { status: res.status, json };
};

const incidentIssues = () => stack.world.state.issues.filter((i) => i.title.startsWith('Airlock containment: identity agent'));
const openSuspensions = async () => (await stack.app.store.db.query<{ identity: string }>('SELECT identity FROM identity_suspensions WHERE resumed_at IS NULL')).rows.map((r) => r.identity);
async function audit(): Promise<AuditRecord[]> {
  const records: AuditRecord[] = [];
  await readAuditLog(stack.app.store.db, (r) => void records.push(r));
  return records;
}

const comment = (issue: WorldIssue, login: string, body: string) => commentOnIssue(stack, issue, login, body);

describe('containment through the world', () => {
  it('refused hosts past the threshold: revoked at GitHub, suspended, one incident issue, notified; a human resumes it', async () => {
    const agent = await exchange('agent');
    const other = await exchange('other');
    expect([agent.status, other.status]).toEqual([200, 200]);
    expect(await tokenWorks(agent.json.token!)).toBe(true);

    // Four refused hosts: below the threshold, nothing happens.
    const calm = await postEvents(1, ['a.example', 'b.example', 'c.example', 'd.example'].map(refused));
    expect(calm).toEqual({ status: 200, json: { accepted: 4, duplicate: false, containment: { revoked: false, suspended: false, actions: [], reasons: [] } } });
    expect(await tokenWorks(agent.json.token!)).toBe(true);

    // A fifth host within the minute (the first four came in the batch before).
    const burst = await postEvents(2, [refused('e.example')]);
    expect(burst.json.containment).toEqual({ revoked: true, suspended: true, actions: ['revoke', 'suspend', 'incident', 'notify'], reasons: ['5 distinct hosts refused within 60 s (threshold 5): a.example, b.example, c.example, d.example, e.example'] });
    expect(await tokenWorks(agent.json.token!)).toBe(false);
    // The world records the revocation: exactly the agent's token.
    expect([...stack.world.state.tokens.values()].filter((t) => t.revokedAt !== undefined)).toHaveLength(1);
    expect(await tokenWorks(other.json.token!)).toBe(true);
    expect(await openSuspensions()).toEqual(['agent']);

    // The broker refuses the suspended identity (with how to resume); the other identity still works.
    const refusedExchange = await exchange('agent');
    expect(refusedExchange).toEqual({ status: 403, json: { error: { code: 'identity_suspended', message: expect.stringContaining('/airlock resume agent') } } });
    expect((await exchange('other')).status).toBe(200);

    // One incident issue, opened by the App, and one notice with the facts and no credential.
    expect(incidentIssues()).toHaveLength(1);
    const issue = incidentIssues()[0]!;
    expect(issue.user.login).toBe('airlock[bot]');
    expect(issue.body).toContain('e.example');
    expect(notices).toHaveLength(1);
    expect(JSON.parse(notices[0]!.body)).toMatchObject({ source: 'airlock', kind: 'containment', repository: 'acme/widgets', identity: 'agent', run_id: RUN_ID, seq: 2, actions: ['revoke', 'suspend', 'incident', 'notify'] });
    expect(notices[0]!.body).not.toMatch(/gh[sp]_/);
    expect(notices[0]!.headers.authorization).toBeUndefined();
    // The audit names the hook's origin and its answer: the notice went over TLS to the org's URL.
    expect((await audit()).filter((r) => r.kind === 'containment' && r.data.notify).map((r) => r.data.notify)).toEqual([{ origin: hookOrigin, status: 204 }]);

    // Another batch that triggers again: no second suspension, the same issue updated in place.
    const misuseEvents: RunEvent[] = [{ kind: 'placeholder_misuse', at: now(), host: 'evil.example', credential: 'anthropic' }];
    const misuse = await postEvents(3, misuseEvents);
    expect(misuse.json.containment).toMatchObject({ revoked: true, suspended: true, actions: ['revoke', 'suspend', 'incident', 'notify'] });
    expect(await openSuspensions()).toEqual(['agent']);
    expect(incidentIssues()).toHaveLength(1);
    expect(incidentIssues()[0]!.body).toContain('#### Containment 2');
    expect(incidentIssues()[0]!.body).toContain('placeholder of credential anthropic sent toward evil.example');
    expect(notices).toHaveLength(2);
    // A retried batch (same seq) is answered with the containment again, and notifies nobody twice.
    expect((await postEvents(3, misuseEvents)).json).toMatchObject({ duplicate: true, containment: { suspended: true } });
    expect(notices).toHaveLength(2);

    // Resume: a reader cannot, an agent bot cannot, a writer can.
    await comment(issue, 'carol', '/airlock resume agent');
    await comment(issue, 'agent-smith[bot]', '/airlock resume agent');
    expect((await exchange('agent')).json.error?.code).toBe('identity_suspended');
    await comment(issue, 'bob', 'Looked at it, the hosts were a misconfigured mirror.\n/airlock resume agent');
    expect(await openSuspensions()).toEqual([]);
    const again = await exchange('agent');
    expect(again.status).toBe(200);
    expect(issue.comments.map((c) => c.body)).toEqual([
      expect.stringContaining('carol cannot resume identity `agent`: carol has read access'),
      expect.stringContaining('bots cannot resume a suspended identity'),
      expect.stringContaining('Identity `agent` is resumed in acme/widgets'),
    ]);

    // The kill switch (what `airlock identity suspend` runs): suspends and revokes the live token at GitHub.
    const clock = Date.now;
    const target = { repositoryId: stack.world.repo('acme/widgets').id, repository: 'acme/widgets', identity: 'agent', by: 'cli:ops' };
    const killed = await suspendIdentity(
      { suspensions: identitySuspensions(stack.app.store.db, { clock }), revoker: { ledger: stack.app.store.ledger, github: githubRevoker(stack.world.githubApiUrl), clock, log: pino({ level: 'silent' }) }, audit: stack.app.store.audit, clock },
      target,
      'agent exfiltrating',
    );
    expect(killed).toEqual({ suspended: true, revoke: { revoked: 1, leftToSweep: 0 } });
    expect(await tokenWorks(again.json.token!)).toBe(false);
    expect(await tokenWorks(other.json.token!)).toBe(true);
    expect((await exchange('agent')).json.error?.code).toBe('identity_suspended');
    expect(await resumeIdentity({ suspensions: identitySuspensions(stack.app.store.db, { clock }), audit: stack.app.store.audit, clock }, target)).toBe(true);
    expect((await exchange('agent')).status).toBe(200);

    // Everything is on the hash chain, which verifies.
    const records = await audit();
    const containment = records.filter((r) => r.kind === 'containment').map((r) => [r.actor, r.data.action, r.data.accepted ?? r.data.newly_suspended ?? r.data.resumed ?? null]);
    expect(containment).toEqual([
      ['airlock', 'suspend', null],
      ['airlock', 'contain', true],
      ['airlock', 'contain', false],
      ['airlock', 'contain', false],
      ['github:carol', 'resume', false],
      ['github:agent-smith[bot]', 'resume', false],
      ['github:bob', 'resume', true],
      ['cli:ops', 'suspend', null],
      ['cli:ops', 'kill-switch', true],
      ['cli:ops', 'resume', true],
    ]);
    expect(records.some((r) => r.kind === 'decision' && r.data.code === 'identity_suspended')).toBe(true);
    expect(records.filter((r) => r.kind === 'token_revoked').map((r) => String(r.data.reason))).toEqual([expect.stringContaining('containment: 5 distinct hosts'), 'kill switch: agent exfiltrating']);
    expect(verifyAuditChain(records)).toMatchObject({ ok: true, count: records.length });
  }, 120_000);

  it("notify_url is the organization's: every repository of the org gets it, the org's .github repository too; a repository cannot set one", async () => {
    const { state } = stack.world;
    const installationId = [...state.installations.values()].find((i) => i.account.login === 'acme')!.id;
    const probot = createProbot({ overrides: { appId: state.app.id, privateKey: state.app.privateKeyPem, secret: state.app.webhookSecret, baseUrl: stack.world.githubApiUrl, log: pino({ level: 'silent' }) } });
    const context = { octokit: await probot.auth(installationId), payload: { installation: { id: installationId } } } as unknown as Parameters<typeof readAirlockConfig>[0];
    expect((await readAirlockConfig(context, 'acme', 'widgets')).containment).toEqual({ refusedHosts: 5, windowSeconds: 60, notifyUrl: `${hookOrigin}/airlock` });
    expect((await readAirlockConfig(context, 'acme', '.github')).containment).toEqual({ notifyUrl: `${hookOrigin}/airlock` });
    // A repository's writers pointing the App at its own host: the file is refused, naming the org's file.
    const widgets = stack.world.repo('acme/widgets');
    const kept = widgets.commits.get(widgets.refs.get('heads/main')!)!.files.get('.github/airlock.yml')!;
    const author = { name: 'alice', email: 'alice@users.noreply.github.test', login: 'alice' };
    commitFiles(widgets, 'main', { files: { '.github/airlock.yml': 'containment:\n  notify_url: http://127.0.0.1:9/\n' }, message: 'point containment notices elsewhere', author });
    try {
      await expect(readAirlockConfig(context, 'acme', 'widgets')).rejects.toThrow("acme/widgets:.github/airlock.yml:2:3: containment.notify_url: only the organization's layer can set notify_url");
    } finally {
      commitFiles(widgets, 'main', { files: { '.github/airlock.yml': kept }, message: 'restore', author });
    }
  }, 60_000);

  it('an identity suspended while its token is being minted never gets it: revoked at GitHub, identity_suspended', async () => {
    const clock = Date.now;
    const suspensions = identitySuspensions(stack.app.store.db, { clock });
    const target = { repositoryId: stack.world.repo('acme/widgets').id, repository: 'acme/widgets', identity: 'agent' };
    const tokens = stack.world.state.tokens;
    let minted: { revokedAt?: number } | undefined;
    let raced: Promise<boolean> | undefined;
    // The world mints in this process: the suspension is written the moment GitHub records the
    // token, after the broker's first check and before it records the token.
    tokens.set = (key, value) => {
      if (!minted && !value.job) {
        minted = value;
        raced = suspensions.suspend({ ...target, reason: 'raced', by: 'cli:ops', at: clock(), audit: { kind: 'containment', actor: 'cli:ops', subject: target.repository, data: { action: 'suspend', identity: 'agent' } } });
      }
      return Map.prototype.set.call(tokens, key, value) as typeof tokens;
    };
    try {
      expect((await exchange('agent')).json.error?.code).toBe('identity_suspended');
    } finally {
      delete (tokens as { set?: unknown }).set;
    }
    expect(await raced).toBe(true);
    expect(minted?.revokedAt).toEqual(expect.any(Number));
    const records = await audit();
    expect(records.at(-1)).toMatchObject({ kind: 'token_revoked', data: { reason: 'the identity was suspended while the token was minted' } });
    await suspensions.resume({ ...target, by: 'cli:ops', at: clock(), audit: { kind: 'containment', actor: 'cli:ops', subject: target.repository, data: { action: 'resume', identity: 'agent' } } });
  }, 60_000);
});
