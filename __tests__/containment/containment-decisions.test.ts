import { describe, expect, it } from '@jest/globals';
import { containmentInput, type ContainmentRun } from '../../app/containment/containment-input.js';
import { decideContainment, readContainmentDecision } from '../../app/containment/decide-containment.js';
import { applyContainment } from '../../app/containment/apply-containment.js';
import { postNotice } from '../../app/containment/notify-webhook.js';
import { planContainment, type ContainmentNotice } from '../../app/containment/plan-containment.js';
import type { AuditInput } from '../../src/audit/audit-record.js';
import { recentEvents } from '../../app/containment/contain-batch.js';
import { resumeRefusals } from '../../app/containment/resume-eligibility.js';
import { mergeConfig, parseConfig, validateConfig } from '../../app/config/airlock-config.js';
import { parseGateCommand } from '../../app/gate/gate-command.js';
import { createPolicyDecider } from '../../src/policy/backends/policy-decider.js';
import { loadPolicyModules, policyDir } from '../../src/policy/policy-modules.js';
import type { RunEvent } from '../../src/telemetry/run-event.js';

const run: ContainmentRun = { installationId: 1, repositoryId: 100004, repository: 'acme/widgets', identity: 'agent', runId: '7000001', actor: 'alice' };
const t0 = Date.parse('2026-06-01T00:00:00Z');
const at = (ms: number) => new Date(t0 + ms).toISOString();
const refused = (host: string, ms: number): Extract<RunEvent, { kind: 'egress' }> => ({ kind: 'egress', at: at(ms), decision: 'deny', host, method: 'GET', pathClass: 'root', bytesOut: 0, bytesIn: 0 });
const hosts = (n: number, stepMs = 1000) => Array.from({ length: n }, (_, i) => refused(`h${i + 1}.example`, i * stepMs));

const modules = await loadPolicyModules(policyDir());
const decide = createPolicyDecider({ kind: 'embedded' }, { modules });
const decideOn = (batch: RunEvent[], options: { recent?: RunEvent[]; thresholds?: Parameters<typeof containmentInput>[0]['thresholds'] } = {}) =>
  decideContainment(decide, containmentInput({ run, batch, recent: options.recent ?? [], suspended: false, thresholds: options.thresholds ?? {} }));
const actionsOf = async (...args: Parameters<typeof decideOn>) => Object.keys((await decideOn(...args)).actions).sort();
const ALL = ['incident', 'notify', 'revoke', 'suspend'];

describe('containment decisions (shipped airlock.containment through the App evaluator)', () => {
  it('5 distinct refused hosts within 60 s: revoke, suspend, incident, notify; 4, one host often, or spread out: nothing', async () => {
    expect(await actionsOf(hosts(5))).toEqual(ALL);
    expect((await decideOn(hosts(5))).actions.revoke).toEqual(['5 distinct hosts refused within 60 s (threshold 5): h1.example, h2.example, h3.example, h4.example, h5.example']);
    expect(await actionsOf(hosts(4))).toEqual([]);
    expect(await actionsOf(Array.from({ length: 30 }, (_, i) => refused('evil.example', i)))).toEqual([]);
    expect(await actionsOf(hosts(5, 20_000))).toEqual([]);
  });

  it('counts the earlier batches of the run in the window, and the configured thresholds', async () => {
    const five = hosts(5);
    expect(await actionsOf(five.slice(3), { recent: five.slice(0, 3) })).toEqual(ALL);
    expect(await actionsOf(hosts(3), { thresholds: { refusedHosts: 3 } })).toEqual(ALL);
    expect(await actionsOf(hosts(5, 20_000), { thresholds: { windowSeconds: 120 } })).toEqual(ALL);
    // Only this batch's refusals anchor a window: a burst already answered does not contain again.
    expect(await actionsOf([{ ...refused('api.github.com', 5000), decision: 'allow' }], { recent: five })).toEqual([]);
  });

  it('placeholder misuse: everything; DLP block: incident and notify (revoke only when configured); patch findings: incident', async () => {
    expect(await actionsOf([{ kind: 'placeholder_misuse', at: at(0), host: 'evil.example', credential: 'anthropic' }])).toEqual(ALL);
    const dlp: RunEvent = { kind: 'dlp_block', at: at(0), host: 'api.anthropic.com', rules: ['github-pat'] };
    expect(await actionsOf([dlp])).toEqual(['incident', 'notify']);
    expect(await actionsOf([dlp], { thresholds: { dlpBlockRevokes: true } })).toEqual(['incident', 'notify', 'revoke']);
    expect(await actionsOf([{ kind: 'patch_scan', at: at(0), findings: 2, rules: ['aws-access-key'] }])).toEqual(['incident']);
    expect(await actionsOf([{ kind: 'patch_scan', at: at(0), findings: 0, rules: [] }])).toEqual([]);
    expect(await actionsOf([{ kind: 'sandbox_exit', at: at(0), backend: 'bwrap', exitCode: 0, signal: null }])).toEqual([]);
  });

  it('fails closed: an evaluation error, a missing package, a broken actions document, an unreadable event time', async () => {
    const broken = createPolicyDecider({ kind: 'embedded' }, { modules: modules.map((m) => (m.file.endsWith('/containment.rego') ? { ...m, source: `${m.source}\nactions := 1 if {` } : m)) });
    const failed = await decideContainment(broken, containmentInput({ run, batch: [], recent: [], suspended: false, thresholds: {} }));
    expect(failed).toMatchObject({ failedClosed: true, actions: { revoke: [expect.stringContaining('could not decide')], suspend: [expect.any(String)] } });
    const missing = createPolicyDecider({ kind: 'embedded' }, { modules: modules.filter((m) => !m.file.endsWith('/containment.rego')) });
    expect(Object.keys((await decideContainment(missing, {})).actions).sort()).toEqual(['revoke', 'suspend']);
    expect(readContainmentDecision({ allow: false, deny: [], policy_digest: 'p', input_digest: 'i', duration_ms: 0, documents: { actions: { revoke: 'yes' } } }).failedClosed).toBe(true);
    expect(await actionsOf([{ ...refused('evil.example', 0), at: 'yesterday' }])).toEqual(['revoke', 'suspend']);
    // A throwing backend is an error decision too.
    expect((await decideContainment(() => Promise.reject(new Error('opa down')), {})).failedClosed).toBe(true);
  });
});

describe('containment plan (pure)', () => {
  const facts = { run: { ...run, runAttempt: 1 }, seq: 3, duplicate: false, suspended: false, notifyUrl: 'https://hooks.example/airlock', at: t0 };
  it('plans every write the decision asks for, and only those not already done', async () => {
    const decision = await decideOn(hosts(5));
    const plan = planContainment(decision, facts);
    expect(plan).toMatchObject({ actions: ['revoke', 'suspend', 'incident', 'notify'], revoke: { reason: expect.stringContaining('5 distinct hosts') }, suspend: { reason: expect.any(String) }, incident: { key: 'containment:100004:7000001:1:3' }, notify: { url: facts.notifyUrl, notice: { identity: 'agent', run_id: '7000001', seq: 3, actions: ['revoke', 'suspend', 'incident', 'notify'] } } });
    const again = planContainment(decision, { ...facts, suspended: true, duplicate: true });
    expect(again.suspend).toBeUndefined();
    expect(again.notify).toBeUndefined();
    expect(again.skipped).toEqual(['suspend: already suspended', 'notify: this batch was answered before']);
    expect(planContainment(decision, { ...facts, notifyUrl: undefined }).skipped).toEqual(['notify: no containment.notify_url is configured']);
  });

  it('a notify URL that passes the schema but does not parse costs the notice, never the audit record', async () => {
    const plan = planContainment(await decideOn(hosts(5)), { ...facts, notifyUrl: 'https://hooks.example:99999/airlock' });
    const audited: AuditInput[] = [];
    const nothing = () => Promise.reject(new Error('not planned'));
    const deps = { revoker: {} as never, suspensions: { suspend: nothing } as never, incidents: { log: { record: nothing } } as never, notify: (url: string, notice: ContainmentNotice) => postNotice(url, notice), audit: async (a: AuditInput) => void audited.push(a), log: { info() {}, warn() {}, error() {} }, clock: () => t0 };
    const outcome = await applyContainment(deps, run, { ...plan, revoke: undefined, suspend: undefined, incident: undefined }, { seq: 3, alreadySuspended: false, failedClosed: false, policyDigest: 'p', inputDigest: 'i' });
    expect(outcome.notify).toEqual({ ok: false, error: expect.any(String) });
    expect(audited).toHaveLength(1);
    expect(audited[0]!.data).toMatchObject({ action: 'contain', notify: { origin: 'not a valid URL', error: expect.any(String) } });
  });

  it('recent events: other batches of the run within 10 minutes of this batch', () => {
    const batch = { identity: 'agent', seq: 2, dropped: 0, events: [refused('a.example', 11 * 60_000)] };
    const stored = [{ ...refused('old.example', 0), seq: 1 }, { ...refused('new.example', 2 * 60_000), seq: 1 }, { ...batch.events[0]!, seq: 2 }];
    expect(recentEvents(stored, batch).map((e) => (e as { host: string }).host)).toEqual(['new.example']);
  });
});

describe('resume: who and how', () => {
  it('only a human writer; never a bot, the App, or an agent', () => {
    const rules = { appBot: 'airlock[bot]', agents: ['agent-smith[bot]', 'robo'] };
    expect(resumeRefusals({ login: 'bob', userType: 'User', permission: 'write' }, rules)).toEqual([]);
    expect(resumeRefusals({ login: 'carol', userType: 'User', permission: 'read' }, rules)).toEqual(['carol has read access; resuming needs write, maintain or admin']);
    expect(resumeRefusals({ login: 'renovate[bot]', userType: 'Bot', permission: 'write' }, rules)).toEqual(['bots cannot resume a suspended identity']);
    expect(resumeRefusals({ login: 'airlock[bot]', userType: 'Bot', permission: 'admin' }, rules)[0]).toContain("this App's own bot");
    expect(resumeRefusals({ login: 'robo', userType: 'User', permission: 'admin' }, rules)).toEqual(['robo is an agent identity']);
  });

  it('/airlock resume <identity> parses; a bad identity says how', () => {
    expect(parseGateCommand('thanks\n/airlock resume agent')).toEqual({ kind: 'resume', identity: 'agent' });
    expect(parseGateCommand('/airlock resume ../x')).toMatchObject({ kind: 'invalid', message: expect.stringContaining('/airlock resume agent') });
  });
});

describe('containment configuration', () => {
  it('reads containment: from airlock.yml; a locked org section only gets stricter', () => {
    const parsed = validateConfig('containment:\n  refused_hosts: 3\n  window_seconds: 120\n  dlp_block_revokes: true\n');
    expect(parsed).toEqual({ ok: true, value: { containment: { refusedHosts: 3, windowSeconds: 120, dlpBlockRevokes: true } } });
    expect(validateConfig('containment:\n  refused_hosts: 0\n').ok).toBe(false);
    const org = { containment: { refusedHosts: 3, windowSeconds: 60 }, locked: ['containment' as const] };
    expect(mergeConfig(org, { containment: { refusedHosts: 10, windowSeconds: 30, dlpBlockRevokes: true } }).containment).toEqual({ refusedHosts: 3, windowSeconds: 60, dlpBlockRevokes: true });
    expect(mergeConfig({ containment: { refusedHosts: 3 } }, { containment: { refusedHosts: 10 } }).containment).toEqual({ refusedHosts: 10 });
  });

  // The App POSTs to notify_url: a repository's writers must not choose where (docs/containment.md).
  it("notify_url: a repository's own layer is refused, naming the org's file", () => {
    const refused = validateConfig('containment:\n  refused_hosts: 3\n  notify_url: https://hooks.example/a\n');
    expect(refused).toEqual({
      ok: false,
      problems: [
        {
          line: 3,
          col: 3,
          field: 'containment.notify_url',
          message: "only the organization's layer can set notify_url (the App POSTs there, so a repository's writers must not choose where); move it to <org>/.github:.github/airlock.yml",
        },
      ],
    });
    expect(() => parseConfig('acme/widgets:.github/airlock.yml', 'containment:\n  notify_url: http://127.0.0.1:8080/\n')).toThrow(
      "acme/widgets:.github/airlock.yml:2:3: containment.notify_url: only the organization's layer can set notify_url (the App POSTs there, so a repository's writers must not choose where); move it to <org>/.github:.github/airlock.yml",
    );
    // A misspelt field's hint does not offer notify_url to a repository.
    expect(refusedFields('containment:\n  notify_ur: https://hooks.example/a\n')).toEqual(['containment: unknown field(s) notify_ur; expected one of refused_hosts, window_seconds, dlp_block_revokes']);
  });

  it('notify_url: the org layer takes https only, without user:password@', () => {
    const org = (url: string) => validateConfig(`containment:\n  notify_url: ${url}\n`, 'organization');
    expect(org('https://hooks.example/airlock')).toEqual({ ok: true, value: { containment: { notifyUrl: 'https://hooks.example/airlock' } } });
    expect(org('https://127.0.0.1:8443/a?k=v').ok).toBe(true);
    for (const url of ['http://hooks.example/airlock', 'http://127.0.0.1:8080/airlock', 'http://localhost/airlock', 'http://[::1]/airlock', 'https://user:secret@hooks.example/airlock', 'https://hooks.example@127.0.0.1/', 'ftp://hooks.example/', 'HTTPS://hooks.example/', 'https:///airlock', '"https://hooks.example/a b"']) {
      const checked = org(url);
      expect([url, checked.ok]).toEqual([url, false]);
      expect(checked.ok ? '' : checked.problems[0]!.message).toMatch(/^must be an https:\/\/ URL without user:password@, such as https:\/\/hooks\.example\.com\/airlock, not /);
    }
  });

  it("merge: the org's notify_url stays, containment locked or not; a repository layer's never counts", () => {
    const org = { containment: { refusedHosts: 3, windowSeconds: 60, notifyUrl: 'https://org.example/hook' } };
    // A layer no schema produced (the repository schema refuses notify_url): still not listened to.
    const repo = { containment: { refusedHosts: 10, windowSeconds: 30, dlpBlockRevokes: true, notifyUrl: 'https://repo.example/hook' } };
    expect(mergeConfig({ ...org, locked: ['containment'] }, repo).containment).toEqual({ refusedHosts: 3, windowSeconds: 60, dlpBlockRevokes: true, notifyUrl: 'https://org.example/hook' });
    expect(mergeConfig(org, repo).containment).toEqual({ refusedHosts: 10, windowSeconds: 30, dlpBlockRevokes: true, notifyUrl: 'https://org.example/hook' });
    expect(mergeConfig(org, { containment: { refusedHosts: 10 } }).containment).toEqual({ refusedHosts: 10, windowSeconds: 60, notifyUrl: 'https://org.example/hook' });
    expect(mergeConfig({}, repo).containment).toEqual({ refusedHosts: 10, windowSeconds: 30, dlpBlockRevokes: true });
    expect(mergeConfig(org, {}).containment).toEqual(org.containment);
  });
});

function refusedFields(text: string): string[] {
  const checked = validateConfig(text);
  return checked.ok ? [] : checked.problems.map((p) => `${p.field}: ${p.message}`);
}
