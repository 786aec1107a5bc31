import type * as Core from '@actions/core';
import type { ActionSettings } from './action-settings.js';
import type { BrokerClient } from './broker-client.js';
import { parseRecords, STATE_KEY, VAULT_STATE_KEY, type CredentialRecord } from './credential-record.js';
import { credentialsTable } from './job-summary.js';
import { fetchIdToken, ID_TOKEN_RETRY } from './fetch-id-token.js';
import { revokeLeftovers, type VaultLeftovers } from './vault/revoke-leftovers.js';
import type { RunnerNetwork } from './runner-network.js';

export interface PostDeps {
  core: typeof Core;
  /** Read only when something is left to revoke (main may have failed on bad inputs). */
  settings: () => ActionSettings;
  broker: (url: string, fetchImpl: typeof fetch) => BrokerClient;
  /** The runner's proxy and the `ca-certificate` input, for the broker and Vault. */
  network: (caCertificates: string[]) => RunnerNetwork;
  clock: () => Date;
}

/**
 * The backstop (`post-if: always()`): revokes every credential main minted and did not revoke,
 * after success, failure or cancellation. It authenticates with fresh OIDC tokens of the same
 * run, so no credential ever had to be written anywhere.
 */
export async function runPost(deps: PostDeps): Promise<void> {
  const { core } = deps;
  const records = parseRecords(core.getState(STATE_KEY));
  // An STS session cannot be revoked (it lives until it expires); main already stopped resolving it.
  const live = records.filter((r) => !r.revokedAt && r.revocable !== false);
  for (const r of records.filter((x) => x.revocable === false)) core.info(`Airlock: ${r.kind} ${r.id} (${r.scope}) cannot be revoked; it was not resolved after ${r.resolvingStoppedAt ?? 'main ended'} and expires at ${r.expiresAt}.`);
  if (live.length === 0) {
    core.info(records.some((r) => r.revocable !== false) ? 'Airlock: every credential was already revoked.' : records.length ? 'Airlock: nothing left that can be revoked.' : 'Airlock: no credentials were minted.');
    return;
  }
  const settings = deps.settings();
  const network = deps.network(settings.caCertificates);
  const failures: string[] = [];
  const now = () => deps.clock().toISOString();
  for (const record of live.filter((r) => r.kind === 'github')) {
    try {
      if (!settings.brokerUrl) throw new Error('broker-url is not set');
      await deps.broker(settings.brokerUrl, network.fetch).revokeById(() => fetchIdToken((a) => core.getIDToken(a), settings.audience, ID_TOKEN_RETRY), record.id);
      record.revokedAt = now();
      core.info(`Airlock: revoked GitHub token ${record.id.slice(0, 8)} in post.`);
    } catch (error) {
      failures.push(`GitHub token ${record.id.slice(0, 8)}: ${(error as Error).message}`);
    }
  }
  const vaultState = core.getState(VAULT_STATE_KEY);
  if (settings.vault && vaultState && live.some((r) => r.kind !== 'github')) failures.push(...(await revokeVault(deps, settings, network, JSON.parse(vaultState) as VaultLeftovers, records, now)));
  await core.summary.addRaw(`#### Airlock credentials (post)\n\n${credentialsTable(records)}\n`).write();
  if (failures.length) {
    const message = `Airlock could not revoke ${failures.length} credential(s); they expire on their own at the listed time. ${failures.join('; ')}`;
    if (settings.revokeFailure === 'warn') core.warning(message);
    else core.setFailed(message);
  }
}

async function revokeVault(deps: PostDeps, settings: ActionSettings, network: RunnerNetwork, leftovers: VaultLeftovers, records: CredentialRecord[], now: () => string): Promise<string[]> {
  const vault = settings.vault!;
  let jwt: string;
  try {
    jwt = await fetchIdToken((a) => deps.core.getIDToken(a), vault.audience, ID_TOKEN_RETRY);
  } catch (error) {
    return [`Vault: ${(error as Error).message}`];
  }
  const report = await revokeLeftovers({ url: vault.url, mount: vault.mount, role: vault.role, jwt, namespace: vault.namespace, fetch: network.fetch }, leftovers);
  for (const item of report.items) {
    const record = records.find((r) => r.id === item.id);
    if (record && item.outcome !== 'failed') record.revokedAt = now();
  }
  // Revoking the token by accessor revokes its leases with it.
  if (report.ok) for (const r of records) if (r.kind !== 'github') r.revokedAt ??= now();
  deps.core.info(`Airlock: Vault backstop ${report.ok ? 'revoked what was left' : 'could not revoke everything'}.`);
  return report.items.filter((i) => i.outcome === 'failed').map((i) => `Vault ${i.kind} ${i.id}: ${i.message}`);
}
