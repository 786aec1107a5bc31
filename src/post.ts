import * as core from '@actions/core';
import { brokerClient } from './action/broker-client.js';
import { runPost } from './action/run-post.js';

try {
  const revokeFailure = core.getInput('revoke-failure') === 'warn' ? 'warn' : 'fail';
  const broker = brokerClient(core.getInput('broker-url').replace(/\/+$/, ''), { attempts: 4, baseDelayMs: 250, deadlineMs: 30_000 });
  await runPost({ core, broker, clock: () => new Date(), audience: core.getInput('audience') || 'airlock', revokeFailure });
} catch (error) {
  core.setFailed(`Airlock post: ${(error as Error).message}`);
}
