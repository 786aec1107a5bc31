import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AuditRecord } from '../../src/audit/audit-record.js';
import { readAuditLog } from '../../src/audit/read-audit-log.js';
import { startStack, type Stack } from '../../src/demo/start-stack.js';
import { policyDir } from '../../src/policy/policy-modules.js';
import { commitFiles } from '../../src/world/github/world-state.js';

const AGENT = 'agent-smith[bot]';

/** The shipped policy set with push.rego changed by `edit` (which must change it). */
async function editedPolicies(edit: (source: string) => string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'airlock-push-policy-'));
  await cp(policyDir(), dir, { recursive: true });
  const source = await readFile(join(dir, 'push.rego'), 'utf8');
  const edited = edit(source);
  expect(edited).not.toBe(source);
  await writeFile(join(dir, 'push.rego'), edited);
  return dir;
}

const airlockRuns = (stack: Stack, sha: string) => stack.world.state.checkRuns.filter((r) => r.headSha === sha && r.name === 'Airlock');

async function blocks(stack: Stack, sha: string): Promise<AuditRecord[]> {
  const records: AuditRecord[] = [];
  await readAuditLog(stack.app.store.db, (r) => void records.push(r));
  return records.filter((r) => r.kind === 'block' && r.data.sha === sha && r.data.policy === 'airlock.push');
}

describe('policies/push.rego drives the push handler', () => {
  describe('the shipped policy', () => {
    let stack: Stack;
    beforeAll(async () => {
      stack = await startStack();
    });
    afterAll(() => stack.close());

    it("answers an agent's push to main with the policy's message, and audits the decision's digests", async () => {
      const push = await stack.world.push({ repo: 'acme/widgets', branch: 'main', pusher: AGENT, files: { 'src/index.js': 'export const answer = 7;\n' } });
      expect(push.delivery.status).toBe(202);
      const [run] = airlockRuns(stack, push.sha);
      expect(run?.conclusion).toBe('failure');
      expect(run?.output?.summary).toContain('Policy `airlock.push` denied the push:');
      expect(run?.output?.summary).toContain('agent agent-smith\\[bot\\] pushed to protected branch main');
      const [record] = await blocks(stack, push.sha);
      expect(record?.data).toMatchObject({ deny: [expect.stringContaining('pushed to protected branch main')], policy_digest: expect.stringMatching(/^[0-9a-f]{64}$/), input_digest: expect.stringMatching(/^[0-9a-f]{64}$/) });
    });

    it("answers an agent's tag push like a push to a protected branch: publishing needs a human", async () => {
      const repo = stack.world.repo('acme/widgets');
      const issues = stack.world.state.issues.length;
      const sha = commitFiles(repo, 'agent/release', { files: { 'CHANGELOG.md': '1.0.0\n' }, message: 'agent: release', author: { name: AGENT, email: 'agent@acme.test', login: AGENT } }).sha;
      repo.refs.set('tags/v1.0.0', sha);
      const payload = stack.world.payload('push', {
        repo,
        sender: stack.world.user(AGENT),
        fields: { ref: 'refs/tags/v1.0.0', before: '0'.repeat(40), after: sha, created: true, deleted: false, forced: false, head_commit: null, commits: [], pusher: { name: AGENT, email: 'agent@acme.test' } },
      });
      expect((await stack.world.deliver('push', payload)).status).toBe(202);
      const [run] = airlockRuns(stack, sha);
      expect(run?.conclusion).toBe('failure');
      expect(run?.output?.title).toBe('Tag v1.0.0 denied by policy airlock.push: publishing needs a human');
      expect(run?.output?.summary).toContain('pushed tag v1.0.0: publishing needs a human');
      // The agent's one incident issue in the repository lists it (opened by its first push, updated in place).
      expect(stack.world.state.issues.length).toBeLessThanOrEqual(issues + 1);
      expect(stack.world.state.issues.filter((i) => i.body?.includes('Airlock does not delete tags') && i.body.includes('v1.0.0'))).toHaveLength(1);
      expect(await blocks(stack, sha)).toHaveLength(1);
    });

    it("answers a release an agent published: revokes the repository's live tokens, audits it and lists it in the incident", async () => {
      const res = await fetch(`${stack.app.url}/airlock/v1/token`, {
        method: 'POST',
        headers: { authorization: `Bearer ${await stack.world.oidc.mint({})}`, 'content-type': 'application/json' },
        body: JSON.stringify({ identity: 'agent', permissions: { contents: 'read' } }),
      });
      const minted = (await res.json()) as { token_id: string };
      expect((await stack.app.store.ledger.findById(minted.token_id))?.revokedAt).toBeUndefined();

      const repo = stack.world.repo('acme/widgets');
      const payload = stack.world.payload('release', { action: 'published', repo, sender: stack.world.user(AGENT) });
      Object.assign(payload.release as Record<string, unknown>, { tag_name: 'v2.0.0', draft: false, author: payload.sender });
      expect((await stack.world.deliver('release', payload)).status).toBe(202);

      expect((await stack.app.store.ledger.findById(minted.token_id))?.revokedAt).toEqual(expect.any(Number));
      const records: AuditRecord[] = [];
      await readAuditLog(stack.app.store.db, (r) => void records.push(r));
      expect(records.filter((r) => r.kind === 'block' && r.data.concern === 'agent_release')).toEqual([
        expect.objectContaining({ actor: `github:${AGENT}`, subject: 'acme/widgets@release:v2.0.0', data: expect.objectContaining({ revoked_tokens: 1, deny: [expect.stringContaining('created release v2.0.0: publishing needs a human')] }) }),
      ]);
      expect(stack.world.state.issues.filter((i) => i.body?.includes('release `v2.0.0`'))).toHaveLength(1);
    });

    it("lets a human's push to main through", async () => {
      const push = await stack.world.push({ repo: 'acme/widgets', branch: 'main', pusher: 'alice', files: { 'README.md': '# widgets, by alice\n' } });
      expect(push.delivery.status).toBe(202);
      expect(airlockRuns(stack, push.sha)).toEqual([]);
      expect(await blocks(stack, push.sha)).toEqual([]);
    });
  });

  describe('an edited policy: agents may push to main, humans may not push to protected branches', () => {
    let stack: Stack;
    let dir: string;
    beforeAll(async () => {
      dir = await editedPolicies((source) =>
        source.replace('agent_on_protected if {\n\tagent\n\tprotected\n}', 'agent_on_protected if {\n\tagent\n\tprotected\n\tinput.branch != "main"\n}') +
          '\ndeny contains "humans change protected branches through pull requests too" if {\n\tnot agent\n\tprotected\n}\n',
      );
      stack = await startStack({ policyDir: dir });
    });
    afterAll(async () => {
      await stack.close();
      await rm(dir, { recursive: true, force: true });
    });

    it("lets the agent's push to main through: no check run, no incident, no block", async () => {
      const issues = stack.world.state.issues.length;
      const push = await stack.world.push({ repo: 'acme/widgets', branch: 'main', pusher: AGENT, files: { 'src/index.js': 'export const answer = 8;\n' } });
      expect(push.delivery.status).toBe(202);
      expect(airlockRuns(stack, push.sha)).toEqual([]);
      expect(stack.world.state.issues.length).toBe(issues);
      expect(await blocks(stack, push.sha)).toEqual([]);
    });

    it("still answers the agent's push to another protected branch", async () => {
      const push = await stack.world.push({ repo: 'acme/widgets', branch: 'release/2.0', pusher: AGENT, files: { 'src/index.js': 'export const answer = 9;\n' } });
      expect(airlockRuns(stack, push.sha).map((r) => r.conclusion)).toEqual(['failure']);
      expect(await blocks(stack, push.sha)).toHaveLength(1);
    });

    it("answers a human's push to main with a failing check, an incident and the policy's message", async () => {
      const issues = stack.world.state.issues.length;
      const push = await stack.world.push({ repo: 'acme/widgets', branch: 'main', pusher: 'alice', files: { 'README.md': '# widgets, by alice\n' } });
      const [run] = airlockRuns(stack, push.sha);
      expect(run?.conclusion).toBe('failure');
      expect(run?.output?.title).toBe('Push to main denied by policy airlock.push');
      expect(run?.output?.summary).toContain('humans change protected branches through pull requests too');
      expect(stack.world.state.issues.length).toBe(issues + 1);
      expect(stack.world.state.issues.at(-1)!.title).toContain('alice');
      expect((await blocks(stack, push.sha)).map((r) => r.actor)).toEqual(['github:alice']);
    });
  });
});
