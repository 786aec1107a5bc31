import { resolve } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { runDemo } from '../src/demo/run-demo.js';

describe('npm run demo', () => {
  it('mints one read-only token, revokes it, and answers the agent push with a failing check', async () => {
    const lines: string[] = [];
    const summary = await runDemo(resolve('dist'), (line) => lines.push(line));
    expect(summary).toEqual({
      tokens_minted: 1,
      tokens_live_after: 0,
      agent_read_allowed: true,
      agent_write_denied: true,
      agent_push_answered: true,
      check_runs: [{ name: 'Airlock', conclusion: 'failure' }],
      incidents: 1,
      openapi_violations: 0,
    });
    expect(lines.join('\n')).not.toMatch(/ghs_[A-Za-z0-9]{36}/);
  });
});
