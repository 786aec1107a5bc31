import { createRequire as __airlockCreateRequire } from 'node:module'; const require = __airlockCreateRequire(import.meta.url);
import {
  STATE_KEY,
  VAULT_STATE_KEY,
  brokerClient,
  core_exports,
  credentialsTable,
  getInput,
  parseRecords,
  readActionSettings,
  revokeLeftovers,
  runnerNetwork,
  setFailed
} from "./chunks/chunk-7LVMZXCG.js";
import "./chunks/chunk-AA3HKCER.js";
import {
  ID_TOKEN_RETRY,
  fetchIdToken
} from "./chunks/chunk-IZBXUKPQ.js";
import "./chunks/chunk-SDQEFD72.js";
import "./chunks/chunk-2FANN6CZ.js";
import "./chunks/chunk-SPRYJVQL.js";
import "./chunks/chunk-4DGAB22J.js";
import "./chunks/chunk-FYVUDRBW.js";
import "./chunks/chunk-XTMBT247.js";
import "./chunks/chunk-WLT2JI5U.js";

// src/action/run-post.ts
async function runPost(deps) {
  const { core } = deps;
  const records = parseRecords(core.getState(STATE_KEY));
  const live = records.filter((r) => !r.revokedAt && r.revocable !== false);
  for (const r of records.filter((x) => x.revocable === false)) core.info(`Airlock: ${r.kind} ${r.id} (${r.scope}) cannot be revoked; it was not resolved after ${r.resolvingStoppedAt ?? "main ended"} and expires at ${r.expiresAt}.`);
  if (live.length === 0) {
    core.info(records.some((r) => r.revocable !== false) ? "Airlock: every credential was already revoked." : records.length ? "Airlock: nothing left that can be revoked." : "Airlock: no credentials were minted.");
    return;
  }
  const settings = deps.settings();
  const network = deps.network(settings.caCertificates);
  const failures = [];
  const now = () => deps.clock().toISOString();
  for (const record of live.filter((r) => r.kind === "github")) {
    try {
      if (!settings.brokerUrl) throw new Error("broker-url is not set");
      await deps.broker(settings.brokerUrl, network.fetch).revokeById(() => fetchIdToken((a) => core.getIDToken(a), settings.audience, ID_TOKEN_RETRY), record.id);
      record.revokedAt = now();
      core.info(`Airlock: revoked GitHub token ${record.id.slice(0, 8)} in post.`);
    } catch (error) {
      failures.push(`GitHub token ${record.id.slice(0, 8)}: ${error.message}`);
    }
  }
  const vaultState = core.getState(VAULT_STATE_KEY);
  if (settings.vault && vaultState && live.some((r) => r.kind !== "github")) failures.push(...await revokeVault(deps, settings, network, JSON.parse(vaultState), records, now));
  await core.summary.addRaw(`#### Airlock credentials (post)

${credentialsTable(records)}
`).write();
  if (failures.length) {
    const message = `Airlock could not revoke ${failures.length} credential(s); they expire on their own at the listed time. ${failures.join("; ")}`;
    if (settings.revokeFailure === "warn") core.warning(message);
    else core.setFailed(message);
  }
}
async function revokeVault(deps, settings, network, leftovers, records, now) {
  const vault = settings.vault;
  let jwt;
  try {
    jwt = await fetchIdToken((a) => deps.core.getIDToken(a), vault.audience, ID_TOKEN_RETRY);
  } catch (error) {
    return [`Vault: ${error.message}`];
  }
  const report = await revokeLeftovers({ url: vault.url, mount: vault.mount, role: vault.role, jwt, namespace: vault.namespace, fetch: network.fetch }, leftovers);
  for (const item of report.items) {
    const record = records.find((r) => r.id === item.id);
    if (record && item.outcome !== "failed") record.revokedAt = now();
  }
  if (report.ok) {
    for (const r of records) if (r.kind !== "github") r.revokedAt ??= now();
  }
  deps.core.info(`Airlock: Vault backstop ${report.ok ? "revoked what was left" : "could not revoke everything"}.`);
  return report.items.filter((i) => i.outcome === "failed").map((i) => `Vault ${i.kind} ${i.id}: ${i.message}`);
}

// src/post.ts
try {
  await runPost({
    core: core_exports,
    settings: () => readActionSettings((name) => getInput(name), process.env),
    network: (caCertificates) => runnerNetwork(process.env, caCertificates),
    broker: (url, fetchImpl) => brokerClient(url, { attempts: 4, baseDelayMs: 250, deadlineMs: 3e4 }, fetchImpl),
    clock: () => /* @__PURE__ */ new Date()
  });
} catch (error) {
  setFailed(`Airlock post: ${error.message}`);
}
