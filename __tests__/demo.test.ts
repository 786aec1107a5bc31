import { resolve } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { runDemo } from '../src/demo/run-demo.js';

describe('npm run demo', () => {
  it('mints one read-only token and revokes it, gates the agent pull request until a human approves, verifies the signed chain, and answers the agent push', async () => {
    const lines: string[] = [];
    const summary = await runDemo(resolve('dist'), (line) => lines.push(line));
    expect(summary).toEqual({
      tokens_minted: 1,
      tokens_live_after: 0,
      agent_read_allowed: true,
      agent_write_denied: true,
      attestation_signed: true,
      gate_before_approval: { conclusion: 'failure', attestation: 'verified', verdict: 'FAILED' },
      gate_after_approval: { conclusion: 'success', attestation: 'verified', verdict: 'PASSED' },
      chain_verified: true,
      agent_push_answered: true,
      check_runs: [{ name: 'Airlock', conclusion: 'failure' }],
      incidents: 1,
      openapi_violations: 0,
    });
    expect(lines.join('\n')).not.toMatch(/ghs_[A-Za-z0-9]{36}/);
  });
});
