import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { openPull } from '../../src/world/pull-requests.js';
import { startWorld, type World } from '../../src/world/start-world.js';
import { parseStrictJson } from '../support/strict-json.js';
import { spawnApp, type AppProcess } from './app-process.js';

// Issue 15, item 1: `airlock app` as deployed (the real CLI, its own process) against the world,
// with a gated pull request and a token exchange driven through it: /metrics counts both, and
// every line the process wrote is strict JSON with exactly one `name`.

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Prometheus' text exposition format, samples only (# HELP and # TYPE lines skipped). */
function samples(text: string): Sample[] {
  return text
    .split('\n')
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
      if (!match) throw new Error(`not a sample line: ${line}`);
      const labels = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1]!, m[2]!]));
      return { name: match[1]!, labels, value: Number(match[3]) };
    });
}

const value = (all: Sample[], name: string, labels: Record<string, string> = {}) =>
  all.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v)).reduce((sum, s) => sum + s.value, 0);

let world: World;
let dir: string;
let app: AppProcess;
let url: string;
let minted: string;

beforeAll(async () => {
  world = await startWorld();
  dir = await mkdtemp(join(tmpdir(), 'airlock-observe-'));
  app = spawnApp({
    cwd: dir,
    env: {
      APP_ID: String(world.state.app.id),
      PRIVATE_KEY_PATH: world.privateKeyPath,
      WEBHOOK_SECRET: world.state.app.webhookSecret,
      GHE_HOST: world.gheHost,
      GHE_PROTOCOL: 'http',
      AIRLOCK_OIDC_ISSUER: world.oidc.issuer,
      AIRLOCK_AUDIENCE: 'airlock',
      AIRLOCK_DATA_DIR: join(dir, 'data'),
      PORT: '0',
      HOST: '127.0.0.1',
      // Everything Probot and Octokit log too, where the duplicate names came from.
      LOG_LEVEL: 'debug',
    },
  });
  url = `http://127.0.0.1:${(await app.line(/listening on port (\d+)/))[1]}`;
  world.webhookUrl = `${url}/api/github/webhooks`;
  // The App answers 202 once a delivery is stored: it has settled when its queue is empty.
  world.settle = async () => {
    for (;;) {
      const ready = (await (await fetch(`${url}/readyz`)).json()) as { backlog?: { depth: number } };
      if (ready.backlog?.depth === 0) return;
      await sleep(25);
    }
  };
});
afterAll(async () => {
  await app?.stop();
  await world?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('airlock app, observed', () => {
  it("counts a gated pull request's decision and a minted token on /metrics", async () => {
    const { sha } = await openPull(world, { repo: 'acme/widgets', head: 'agent/metrics', author: 'agent-smith[bot]', files: { 'src/metrics.js': 'export const counted = 1;\n' }, title: 'counted' });
    // Gated: an agent pull request without approval fails the Airlock check.
    expect(world.state.checkRuns.find((r) => r.name === 'Airlock' && r.headSha === sha)?.conclusion).toBe('failure');

    const exchange = await fetch(`${url}/airlock/v1/token`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await world.oidc.mint()}`, 'content-type': 'application/json' },
      body: JSON.stringify({ identity: 'agent', permissions: { contents: 'read' } }),
    });
    expect(exchange.status).toBe(200);
    minted = ((await exchange.json()) as { token: string }).token;

    const res = await fetch(`${url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const all = samples(await res.text());
    expect(value(all, 'airlock_decisions_total', { policy: 'airlock.pr', result: 'failure' })).toBe(1);
    expect(value(all, 'airlock_decisions_total', { policy: 'airlock.sts', result: 'allow' })).toBe(1);
    expect(value(all, 'airlock_tokens_minted_total')).toBe(1);
    expect(value(all, 'airlock_tokens_live')).toBe(1);
    expect(value(all, 'airlock_tokens_revoked_total')).toBe(0);
    expect(value(all, 'airlock_audit_records_total', { kind: 'token_minted' })).toBe(1);
    expect(value(all, 'airlock_webhook_deliveries_total', { event: 'pull_request', outcome: 'ok' })).toBe(1);
    expect(value(all, 'airlock_webhook_handler_duration_seconds_count', { event: 'pull_request', outcome: 'ok' })).toBe(1);
    expect(value(all, 'airlock_token_exchange_duration_seconds_count', { status: '200' })).toBe(1);
    // The broker's mint, by route template; and the App's own calls (GET /app at start-up).
    expect(value(all, 'airlock_github_requests_total', { method: 'POST', route: '/app/installations/{installation_id}/access_tokens', status: '201' })).toBeGreaterThanOrEqual(1);
    expect(value(all, 'airlock_github_requests_total', { method: 'GET', route: '/app', status: '200' })).toBeGreaterThanOrEqual(1);
    expect(value(all, 'airlock_http_requests_total', { method: 'POST', route: '/api/github/webhooks', status: '202' })).toBeGreaterThanOrEqual(1);
    expect(value(all, 'airlock_queue_depth')).toBe(0);
    expect(all.some((s) => s.name === 'airlock_queue_oldest_age_seconds')).toBe(true);
    expect(all.some((s) => s.name === 'process_resident_memory_bytes')).toBe(true);
  });

  it('writes every line as strict JSON with one name: the listening line, requests and audit records included, no credential', async () => {
    expect(await app.stop()).toBe(0);
    const text = app.stderr() + app.stdout();
    const lines = text.split('\n').filter((line) => line.length > 0);
    const records = lines.map((line) => {
      const record = parseStrictJson(line) as Record<string, unknown>;
      expect({ line, name: typeof record.name }).toEqual({ line, name: 'string' });
      return record;
    });
    expect(records.find((r) => /^listening on port \d+ /.test(String(r.msg)))).toMatchObject({ name: 'airlock', level: 30, port: Number(new URL(url).port) });
    // Probot's own children (probot, then event for a delivery) now give one name each.
    const names = new Set(records.map((r) => String(r.name)));
    for (const name of ['airlock', 'probot', 'event', 'http', 'audit']) expect([...names]).toContain(name);
    expect(records).toContainEqual(expect.objectContaining({ name: 'http', msg: 'request', method: 'POST', path: '/airlock/v1/token', status: 200, duration_ms: expect.any(Number) }));
    expect(records).toContainEqual(expect.objectContaining({ name: 'audit', audit: expect.objectContaining({ kind: 'decision', subject: expect.stringMatching(/^acme\/widgets#\d+/), data: expect.objectContaining({ policy: 'airlock.pr', conclusion: 'failure' }) }) }));
    expect(records).toContainEqual(expect.objectContaining({ name: 'audit', audit: expect.objectContaining({ kind: 'token_minted', subject: 'acme/widgets' }) }));
    // Neither the token handed out nor any OIDC token (a JWT) nor an Authorization header.
    expect(minted).toMatch(/^gh/);
    expect(text).not.toContain(minted);
    expect(text).not.toMatch(/eyJ[\w-]+\.eyJ[\w-]+\./);
    expect(text.toLowerCase()).not.toContain('authorization');
  });
});
