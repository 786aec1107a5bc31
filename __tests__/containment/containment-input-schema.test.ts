import { describe, expect, it } from '@jest/globals';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { recentEvents } from '../../app/containment/contain-batch.js';
import { containmentInput, type ContainmentRun } from '../../app/containment/containment-input.js';
import { decideContainment } from '../../app/containment/decide-containment.js';
import { parseRunEventBatch } from '../../app/telemetry/parse-run-event-batch.js';
import { createPolicyDecider } from '../../src/policy/backends/policy-decider.js';
import { loadPolicyModules, policyDir } from '../../src/policy/policy-modules.js';
import { REDACTED_FIELD } from '../../src/telemetry/screen-run-event.js';
import { RUN_EVENT_KINDS, type RunEvent } from '../../src/telemetry/run-event.js';

// The builder (app/containment/containment-input.ts) and the published input schema
// (policies/schemas/containment-input.schema.json) cannot drift: every shape a batch the App
// accepts can take goes through the builder and must validate.
const schema = JSON.parse(
  await readFile(
    path.join(process.cwd(), 'policies', 'schemas', 'containment-input.schema.json'),
    'utf8',
  ),
) as Record<string, unknown>;
const validate = new Ajv2020({ strict: true, allErrors: true }).compile(schema);
const errorsOf = (input: unknown): string[] =>
  validate(input) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);

const run: ContainmentRun = {
  installationId: 1,
  repositoryId: 100004,
  repository: 'Acme/widgets',
  identity: 'agent',
  runId: '7000001',
  actor: 'alice',
};

// A batch as the Action sends it, one event of every kind, with the optional and null fields
// and the values the App lets through (a redacted host, a refused request with no host).
const body = {
  identity: 'agent',
  seq: 2,
  dropped: 3,
  events: [
    {
      kind: 'egress',
      at: '2026-06-01T00:00:01.000Z',
      decision: 'allow',
      host: 'api.github.com',
      method: 'GET',
      pathClass: 'api',
      bytesOut: 120,
      bytesIn: 5400,
    },
    {
      kind: 'egress',
      at: '2026-06-01T00:00:02.000Z',
      decision: 'deny',
      host: 'evil.example',
      method: 'POST',
      pathClass: 'upload',
      bytesOut: 0,
      bytesIn: 0,
      reason: 'host not in the egress allow list',
    },
    {
      kind: 'egress',
      at: '2026-06-01T00:00:02.500Z',
      decision: 'deny',
      host: '',
      method: 'CONNECT',
      pathClass: 'other',
      bytesOut: 0,
      bytesIn: 0,
    },
    {
      kind: 'egress',
      at: '2026-06-01T00:00:02.750Z',
      decision: 'deny',
      host: REDACTED_FIELD,
      method: 'GET',
      pathClass: 'root',
      bytesOut: 0,
      bytesIn: 0,
    },
    {
      kind: 'placeholder_misuse',
      at: '2026-06-01T00:00:03.000Z',
      host: 'evil.example',
      credential: 'anthropic',
    },
    {
      kind: 'dlp_block',
      at: '2026-06-01T00:00:04.000Z',
      host: 'api.anthropic.com',
      rules: ['github-pat', 'generic-api-key'],
    },
    {
      kind: 'gateway_call',
      at: '2026-06-01T00:00:05.000Z',
      provider: 'anthropic',
      model: 'claude-sonnet-4-5',
      inputTokens: 1200,
      outputTokens: 300,
      decision: 'redact',
    },
    {
      kind: 'resolution',
      at: '2026-06-01T00:00:06.000Z',
      credential: 'github-token',
      host: 'api.github.com',
    },
    { kind: 'approval', at: '2026-06-01T00:00:07.000Z', approvalId: 'apr_01', status: 'approved' },
    {
      kind: 'sandbox_exit',
      at: '2026-06-01T00:00:08.000Z',
      backend: 'bwrap',
      exitCode: null,
      signal: 'SIGTERM',
    },
    {
      kind: 'sandbox_exit',
      at: '2026-06-01T00:00:08.500Z',
      backend: 'bwrap',
      exitCode: 0,
      signal: null,
    },
    { kind: 'patch_scan', at: '2026-06-01T00:00:09.000Z', findings: 1, rules: ['aws-access-key'] },
  ],
};
const batch = parseRunEventBatch(body);
// The run's stored events: four of an earlier batch a minute before, and this batch's.
const minuteBefore = (e: RunEvent) => ({
  ...e,
  at: new Date(Date.parse(e.at) - 60_000).toISOString(),
  seq: 1,
});
const stored = [
  ...batch.events.slice(0, 4).map(minuteBefore),
  ...batch.events.map((e) => ({ ...e, seq: 2 })),
];
const recent = recentEvents(stored, batch);

describe('containment input (app/containment/containment-input.ts) against its schema', () => {
  it('a realistic batch of every event kind validates, with every threshold set and with none', () => {
    expect(new Set(batch.events.map((e) => e.kind))).toEqual(new Set(RUN_EVENT_KINDS));
    expect(recent).toHaveLength(4);
    const configured = containmentInput({
      run,
      batch: batch.events,
      recent,
      suspended: true,
      thresholds: { refusedHosts: 3, windowSeconds: 600, dlpBlockRevokes: true },
    });
    expect(configured).toMatchObject({
      settings: { refused_hosts: 3, window_seconds: 600, dlp_block_revokes: true },
      identity: { suspended: true },
    });
    expect(errorsOf(configured)).toEqual([]);
    const defaults = containmentInput({
      run,
      batch: batch.events,
      recent: [],
      suspended: false,
      thresholds: {},
    });
    expect(defaults).toMatchObject({ settings: {}, recent: [] });
    expect(errorsOf(defaults)).toEqual([]);
    expect(
      errorsOf(containmentInput({ run, batch: [], recent: [], suspended: false, thresholds: {} })),
    ).toEqual([]);
  });

  it('the shipped policy reads that input as well formed: it decides on the events, not on the shape', async () => {
    const decide = createPolicyDecider(
      { kind: 'embedded' },
      { modules: await loadPolicyModules(policyDir()) },
    );
    const decision = await decideContainment(
      decide,
      containmentInput({ run, batch: batch.events, recent, suspended: false, thresholds: {} }),
    );
    expect(decision.failedClosed).toBe(false);
    const reasons = Object.values(decision.actions).flat();
    expect(reasons).toContain(
      'placeholder of credential anthropic sent toward evil.example, a host it is not bound to',
    );
    expect(reasons.some((r) => r.includes('is not a containment input'))).toBe(false);
  });

  it('closed: an unknown event field, or a seq on an event of this batch, is rejected', () => {
    const input = containmentInput({
      run,
      batch: batch.events,
      recent,
      suspended: false,
      thresholds: {},
    }) as {
      batch: Record<string, unknown>[];
      recent: Record<string, unknown>[];
    };
    expect(input.recent[0]).toMatchObject({ seq: 1 });
    const seqInBatch = structuredClone(input);
    seqInBatch.batch[0]!.seq = 2;
    expect(errorsOf(seqInBatch)).toContain('/batch/0 must NOT have unevaluated properties');
    const unknownInRecent = structuredClone(input);
    unknownInRecent.recent[0]!.path = '/repos/acme/widgets';
    expect(errorsOf(unknownInRecent)).toContain('/recent/0 must NOT have unevaluated properties');
  });

  it('an event whose time does not parse has no at_ms: the schema rejects the input, as the policy contains it', () => {
    const event: RunEvent = {
      kind: 'egress',
      at: 'yesterday',
      decision: 'deny',
      host: 'evil.example',
      method: 'GET',
      pathClass: 'root',
      bytesOut: 0,
      bytesIn: 0,
    };
    const input = containmentInput({
      run,
      batch: [event],
      recent: [],
      suspended: false,
      thresholds: {},
    });
    expect(errorsOf(input)).toContain("/batch/0 must have required property 'at_ms'");
  });
});
