import * as core from '@actions/core';
import { readActionSettings } from './action/action-settings.js';
import { BrokerError, brokerClient } from './action/broker-client.js';
import { runMain } from './action/run-main.js';
import { runnerNetwork } from './action/runner-network.js';

const cancelled = new AbortController();
// The runner cancels with SIGINT (then SIGTERM): stop the agent so revocation can run.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => cancelled.abort());

try {
  const settings = readActionSettings((name) => core.getInput(name), process.env);
  const network = runnerNetwork(process.env, settings.caCertificates);
  const broker = settings.brokerUrl ? brokerClient(settings.brokerUrl, { attempts: 4, baseDelayMs: 250, deadlineMs: 30_000 }, network.brokerFetch) : undefined;
  await runMain(settings, { core, broker, env: process.env, clock: () => new Date(), network, write: (t) => process.stdout.write(t), cancelled: cancelled.signal });
} catch (error) {
  // The broker's code is what scripts and docs key on (identity_suspended, policy_denied, ...).
  core.setFailed(`Airlock: ${(error as Error).message}${error instanceof BrokerError ? ` (${error.code})` : ''}`);
}
