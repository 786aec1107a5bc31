import * as core from '@actions/core';
import { readActionSettings } from './action/action-settings.js';
import { brokerClient } from './action/broker-client.js';
import { runPost } from './action/run-post.js';
import { runnerNetwork } from './action/runner-network.js';

try {
  await runPost({
    core,
    settings: () => readActionSettings((name) => core.getInput(name), process.env),
    network: (caCertificates) => runnerNetwork(process.env, caCertificates),
    broker: (url, fetchImpl) => brokerClient(url, { attempts: 4, baseDelayMs: 250, deadlineMs: 30_000 }, fetchImpl),
    clock: () => new Date(),
  });
} catch (error) {
  core.setFailed(`Airlock post: ${(error as Error).message}`);
}
