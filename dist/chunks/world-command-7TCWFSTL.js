import { createRequire as __airlockCreateRequire } from 'node:module'; const require = __airlockCreateRequire(import.meta.url);
import {
  startWorld
} from "./chunk-EMO2XLNF.js";
import "./chunk-W3YAAO3Z.js";
import {
  waitForSignal
} from "./chunk-EY6TQTJ3.js";
import "./chunk-UFYLBWKB.js";
import "./chunk-K3MR4WOR.js";
import "./chunk-Y7NYHVI4.js";
import "./chunk-M3RFPESX.js";
import "./chunk-JJEEWADX.js";
import "./chunk-VJTT6KNH.js";
import {
  CliError,
  runCommand
} from "./chunk-IW66ZKD5.js";
import "./chunk-5AA5OQFX.js";
import "./chunk-WLT2JI5U.js";

// src/cli/world-command.ts
var WORLD = {
  name: "world",
  help: {
    usage: ["airlock world [--port N] [--webhook-url URL] [--json]"],
    about: `Starts the local GitHub world (API, OIDC issuer, Vault, HTTPS and git) and prints its settings
as one JSON line on stdout (github_api_url, ghe_host, oidc_issuer, app_id, private_key_path,
webhook_secret, ...), then runs until SIGINT or SIGTERM.`,
    options: [
      ["--port N", "the GitHub API port (default: any free port)"],
      ["--webhook-url URL", "where the world delivers webhooks (an App's /api/github/webhooks)"],
      ["--json", "accepted for scripts; the settings are always JSON"]
    ],
    exit: { 0: "stopped by SIGINT or SIGTERM", 2: "usage error, or the world could not start (one line on stderr)" }
  },
  options: {
    port: { type: "string" },
    "webhook-url": { type: "string" },
    json: { type: "boolean" }
  }
};
var worldCommand = (argv, io) => runCommand(WORLD, argv, io, async ({ values }) => {
  const port = values.port === void 0 ? void 0 : Number(values.port);
  if (port !== void 0 && (!/^\d+$/.test(values.port) || port > 65535)) throw new CliError("usage", `--port ${values.port} is not a TCP port number; expected 0-65535`);
  const webhookUrl = values["webhook-url"];
  if (webhookUrl !== void 0 && !URL.canParse(webhookUrl)) throw new CliError("usage", `--webhook-url ${webhookUrl} is not a URL; expected e.g. http://127.0.0.1:3000/api/github/webhooks`);
  let world;
  try {
    world = await startWorld({ port, webhookUrl });
  } catch (error) {
    throw new CliError("input", `the world could not start: ${error.message.split("\n")[0]}`);
  }
  const stopped = waitForSignal();
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
      vault_secrets: world.vaultSeed.secretsInput
    }) + "\n"
  );
  await stopped;
  await world.close();
  return 0;
});
export {
  worldCommand
};
