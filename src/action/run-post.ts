import type * as Core from '@actions/core';
import type { BrokerClient } from './broker-client.js';
import { parseRecords, STATE_KEY, summaryTable } from './credential-record.js';

export interface PostDeps {
  core: typeof Core;
  broker: BrokerClient;
  clock: () => Date;
  audience: string;
  revokeFailure: 'fail' | 'warn';
}

/**
 * The backstop (`post-if: always()`): revokes every credential main minted and did not revoke,
 * after success, failure or cancellation. It authenticates with a fresh OIDC token of the same
 * run, so the credential itself never had to be written anywhere.
 */
export async function runPost(deps: PostDeps): Promise<void> {
  const { core } = deps;
  const records = parseRecords(core.getState(STATE_KEY));
  const live = records.filter((r) => !r.revokedAt);
  if (live.length === 0) {
    core.info(records.length ? 'Airlock: every credential was already revoked.' : 'Airlock: no credentials were minted.');
    return;
  }
  const failures: string[] = [];
  for (const record of live) {
    try {
      await deps.broker.revokeById(await core.getIDToken(deps.audience), record.id);
      record.revokedAt = deps.clock().toISOString();
      core.info(`Airlock: revoked GitHub token ${record.id.slice(0, 8)} in post.`);
    } catch (error) {
      failures.push(`GitHub token ${record.id.slice(0, 8)}: ${(error as Error).message}`);
    }
  }
  await core.summary.addHeading('Airlock credentials (post)', 3).addRaw(summaryTable(records), true).write();
  if (failures.length) {
    const message = `Airlock could not revoke ${failures.length} credential(s); they expire on their own at the listed time. ${failures.join('; ')}`;
    if (deps.revokeFailure === 'warn') core.warning(message);
    else core.setFailed(message);
  }
}
