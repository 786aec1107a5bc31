import { expect, it } from '@jest/globals';
import { webhooksBench } from '../../src/bench/webhooks-bench.js';

// A tiny run of `bench webhooks`: the JSON has its shape and every delivery really went through,
// a check run in the world for each and, for the App, a decision in its audit log. No timings.
it('reports deliveries the bare app and the App (on PGlite) really handled', async () => {
  let out = '';
  const code = await webhooksBench(['--n', '6', '--concurrency', '3', '--warmup', '2', '--shipped-n', '0'], {
    stdout: (text) => (out += text),
    stderr: () => undefined,
    env: {},
    cwd: process.cwd(),
  });
  expect(code).toBe(0);
  expect(out.trim().split('\n')).toHaveLength(1);
  const report = JSON.parse(out) as {
    bare: { deliveries: number; http_status: Record<string, number>; check_runs_created: number; latency_ms: { p50: number; p99: number } };
    results: { backend: string; http_status: Record<string, number>; check_runs_created: number; audit_decisions_recorded: number; throughput_vs_bare: number }[];
    targets_met: { throughput_vs_bare: Record<string, boolean>; postgres_p99: boolean };
    world_violations: number;
  };
  expect(report.bare).toMatchObject({ deliveries: 6, http_status: { 200: 6 }, check_runs_created: 6 });
  expect(report.results).toEqual([expect.objectContaining({ backend: 'pglite', http_status: { 200: 6 }, check_runs_created: 6, audit_decisions_recorded: 6 })]);
  expect(typeof report.targets_met.throughput_vs_bare.pglite).toBe('boolean');
  // Without a PostgreSQL run the PostgreSQL target cannot be claimed.
  expect(report.targets_met.postgres_p99).toBe(false);
  expect(report.world_violations).toBe(0);
});
