import { describe, expect, it } from '@jest/globals';
import { collectTargets } from '../../src/bench/collect-targets.js';

describe('collectTargets: the verdicts a benchmark reports, for `airlock bench` with no name', () => {
  it('finds booleans under every verdict key, at any depth, by path', () => {
    const doc = {
      bench: 'webhooks',
      meets_target: false,
      backends: [{ name: 'pglite', targets_met: { throughput: true, p99: false } }],
      stages: [{ rate: 1, meets_targets: { backlog: true } }],
      // Not verdicts: booleans elsewhere (a soak stage's backlog_p99_within_limit is a report), and target values.
      ramp: [{ rate: 2, backlog_p99_within_limit: false }],
      sandboxed: true,
      targets: { p99_ms: 100 },
    };
    expect(collectTargets('webhooks', [doc])).toEqual([
      { bench: 'webhooks', target: 'meets_target', met: false },
      { bench: 'webhooks', target: 'backends.0.targets_met.throughput', met: true },
      { bench: 'webhooks', target: 'backends.0.targets_met.p99', met: false },
      { bench: 'webhooks', target: 'stages.0.meets_targets.backlog', met: true },
    ]);
  });

  it('numbers the documents of a benchmark that prints several', () => {
    expect(collectTargets('sts', [{ meets_target: true }, { meets_target: false }])).toEqual([
      { bench: 'sts', target: '0.meets_target', met: true },
      { bench: 'sts', target: '1.meets_target', met: false },
    ]);
  });
});
