import { startWorld } from '../world/start-world.js';
import type { CliCommand } from './cli-io.js';
import { waitForSignal } from './wait-for-signal.js';

/** `airlock world [--port N] [--webhook-url URL] --json`: the local GitHub world, until interrupted. */
export const worldCommand: CliCommand = async (argv, io) => {
  let port: number | undefined;
  let webhookUrl: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--port') port = Number(argv[++i]);
    else if (arg === '--webhook-url') webhookUrl = argv[++i];
    else if (arg !== '--json') {
      io.stderr(`airlock world: unknown option ${arg}; expected --port N, --webhook-url URL, --json\n`);
      return 2;
    }
  }
  if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) {
    io.stderr('airlock world: --port must be a TCP port number\n');
    return 2;
  }
  const world = await startWorld({ port, webhookUrl });
  io.stdout(
    JSON.stringify({
      github_api_url: world.githubApiUrl,
      ghe_host: world.gheHost,
      https_api_url: world.https.apiUrl,
      https_server_url: world.https.serverUrl,
      ca_file: world.https.caFile,
      oidc_issuer: world.oidc.issuer,
      app_id: world.state.app.id,
      private_key_path: world.privateKeyPath,
      webhook_secret: world.state.app.webhookSecret,
      state_url: `${world.state.serverUrl}/_world/state`,
      vault_url: world.vault.url,
      vault_role: world.vaultSeed.role,
      vault_secrets: world.vaultSeed.secretsInput,
    }) + '\n',
  );
  await waitForSignal();
  await world.close();
  return 0;
};
