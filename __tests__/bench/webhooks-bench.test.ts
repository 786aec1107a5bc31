import { expect, it } from '@jest/globals';
import { collectTargets } from '../../src/bench/collect-targets.js';
import { webhooksBench } from '../../src/bench/webhooks-bench.js';

// A tiny run of `bench webhooks`: the JSON has its shape and every delivery really went through,
// a check run in the world for each and, for the App, a decision in its audit log; and the App's
// memory as its own process (the built CLI, or AIRLOCK_CLI as the App's process tests use it).
// No timings and no memory thresholds.
it('reports deliveries the bare app and the App (on PGlite) really handled, and the App process memory', async () => {
  let out = '';
  const code = await webhooksBench(['--n', '6', '--concurrency', '3', '--warmup', '2', '--shipped-n', '0'], {
    stdout: (text) => (out += text),
    stderr: () => undefined,
    env: { AIRLOCK_CLI: process.env.AIRLOCK_CLI },
    cwd: process.cwd(),
  });
  expect(code).toBe(0);
  expect(out.trim().split('\n')).toHaveLength(1);
  const report = JSON.parse(out) as {
    bare: { deliveries: number; http_status: Record<string, number>; check_runs_created: number; latency_ms: { p50: number; p99: number }; github_api_calls_per_delivery: number };
    results: { backend: string; synchronize: { github_api_calls: number }; github_api_calls_per_delivery: number; http_status: Record<string, number>; check_runs_created: number; audit_decisions_recorded: number; throughput_vs_bare: number; app_process_rss_mb: Record<string, number>; app_process_deliveries: { http_status: Record<string, number>; check_runs_created: number } }[];
    targets_met: { throughput_vs_bare: Record<string, boolean>; postgres_p99: boolean };
    world_violations: number;
  };
  expect(report.bare).toMatchObject({ deliveries: 6, http_status: { 200: 6 }, check_runs_created: 6 });
  expect(report.results).toEqual([expect.objectContaining({ backend: 'pglite', http_status: { 200: 6 }, check_runs_created: 6, audit_decisions_recorded: 6 })]);
  expect(typeof report.targets_met.throughput_vs_bare.pglite).toBe('boolean');
  // GitHub calls are counted from the world's request log, whatever transport each app uses: the
  // bare app creates one check run per delivery; the gate reads before it writes its check run.
  expect(report.bare.github_api_calls_per_delivery).toBe(1);
  expect(report.results[0].github_api_calls_per_delivery).toBeGreaterThan(1);
  expect(report.results[0].synchronize.github_api_calls).toBeGreaterThan(1);
  expect(report.results[0].synchronize.github_api_calls).toBeLessThanOrEqual(4);
  // Without a PostgreSQL run the PostgreSQL target cannot be claimed.
  expect(report.targets_met.postgres_p99).toBe(false);
  expect(report.world_violations).toBe(0);
  // The App process' resident memory: idle, start-up's peak, the peak under the deliveries (VmHWM
  // reset in between) and after them, all measured.
  const rss = report.results[0]!.app_process_rss_mb;
  expect(Object.keys(rss).sort()).toEqual(['after', 'idle', 'peak', 'startup_peak']);
  for (const mb of Object.values(rss)) expect(mb).toBeGreaterThan(0);
  // ... under deliveries the App process really accepted and worked off its queue: a check run
  // at least on each of the 3 pull requests' last head (it may skip a head already superseded
  // when its delivery comes off the queue).
  const handled = report.results[0]!.app_process_deliveries;
  expect(handled.http_status).toEqual({ 202: 6 });
  expect(handled.check_runs_created).toBeGreaterThanOrEqual(3);
  // The idle target is a verdict `bench` collects.
  expect(collectTargets('webhooks', [report]).map((t) => t.target)).toContain('results.0.meets_targets.idle_rss_200mb_pglite');
  // Three Apps and two PGlite data directories (each initialised by its own child process) on a busy 2-core machine.
}, 240_000);
