import { createRequire as __airlockCreateRequire } from 'node:module'; const require = __airlockCreateRequire(import.meta.url);
import {
  ProbotOctokit,
  appLogger,
  listen,
  startApp,
  startupErrorLine
} from "./chunk-QXLCVNYF.js";
import "./chunk-FR7TGVEL.js";
import "./chunk-ZNPOJ5N2.js";
import "./chunk-TZMHQ5MG.js";
import {
  SettingsError,
  githubEndpoints,
  listenPort,
  readAppSettings
} from "./chunk-33TRP3YU.js";
import "./chunk-6Q4CAUVC.js";
import "./chunk-ZBJLR5X5.js";
import "./chunk-CAVPNZVC.js";
import "./chunk-5XH3EV2N.js";
import "./chunk-7RV2RXUN.js";
import "./chunk-P4LCOEUF.js";
import "./chunk-6RNUAQVR.js";
import "./chunk-EZT4DIDZ.js";
import "./chunk-HKOWZUST.js";
import "./chunk-MFBMGNTB.js";
import "./chunk-5NANKWQZ.js";
import "./chunk-QY2KPWDF.js";
import {
  waitForSignal
} from "./chunk-EY6TQTJ3.js";
import "./chunk-UFYLBWKB.js";
import "./chunk-K3MR4WOR.js";
import "./chunk-IBNPYPAI.js";
import "./chunk-EPLYF327.js";
import "./chunk-VTMLRQRL.js";
import "./chunk-3KFUYEYQ.js";
import "./chunk-5BDBOWHC.js";
import "./chunk-2ZCGAJUC.js";
import "./chunk-M3RFPESX.js";
import "./chunk-JJEEWADX.js";
import "./chunk-VJTT6KNH.js";
import "./chunk-SDQEFD72.js";
import "./chunk-2FANN6CZ.js";
import {
  require_dist
} from "./chunk-SPRYJVQL.js";
import "./chunk-4DGAB22J.js";
import {
  runCommand
} from "./chunk-IW66ZKD5.js";
import "./chunk-AISXWLAK.js";
import "./chunk-FYVUDRBW.js";
import "./chunk-XTMBT247.js";
import "./chunk-Z5LGGBV5.js";
import "./chunk-BLNHIPTQ.js";
import "./chunk-4K734NMA.js";
import "./chunk-M3D7NQYH.js";
import "./chunk-5AA5OQFX.js";
import "./chunk-M5SG437F.js";
import "./chunk-EUJLSU46.js";
import {
  __toESM
} from "./chunk-WLT2JI5U.js";

// src/cli/app-command.ts
import { join as join2 } from "node:path";

// app/env-file.ts
import { randomBytes } from "node:crypto";
import { readFile, rename, unlink, writeFile } from "node:fs/promises";
import { isDeepStrictEqual, parseEnv } from "node:util";
async function readEnvFile(path) {
  let text;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    const code = error.code;
    if (code === "ENOENT") return {};
    throw new SettingsError(`${path} cannot be read (${code ?? error.message}): fix its permissions or remove it`);
  }
  return parseEnv(text);
}
async function environmentWithEnvFile(env, path) {
  return { ...await readEnvFile(path), ...env };
}
var BARE = /^[A-Za-z0-9_./:@+=,-]*$/;
function line(key, value) {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) throw new SettingsError(`cannot write ${key} to .env: not a variable name`);
  if (BARE.test(value)) return `${key}=${value}`;
  if (!value.includes('"')) return `${key}="${value.replace(/\n/g, "\\n")}"`;
  if (!value.includes("'") && !value.includes("\n")) return `${key}='${value}'`;
  throw new SettingsError(`cannot write ${key} to .env: its value holds both quote characters`);
}
async function updateEnvFile(path, values) {
  const merged = { ...await readEnvFile(path), ...values };
  const text = Object.entries(merged).map(([key, value]) => line(key, value)).join("\n") + "\n";
  if (!isDeepStrictEqual({ ...parseEnv(text) }, merged)) throw new SettingsError(`cannot write ${path}: a value would not read back unchanged`);
  const temporary = `${path}.${randomBytes(6).toString("hex")}.tmp`;
  try {
    await writeFile(temporary, text, { mode: 384, flag: "wx" });
    await rename(temporary, path);
  } catch (error) {
    await unlink(temporary).catch(() => void 0);
    throw new SettingsError(`cannot write ${path} (${error.code ?? error.message}): make its directory writable`, { cause: error });
  }
}

// app/setup/manifest-setup.ts
import { randomBytes as randomBytes2, timingSafeEqual } from "node:crypto";
import { readFile as readFile2 } from "node:fs/promises";
import { createServer } from "node:http";

// app/setup/app-manifest.ts
var import_yaml = __toESM(require_dist(), 1);
function readAppYml(text) {
  let parsed;
  try {
    parsed = (0, import_yaml.parse)(text);
  } catch (error) {
    throw new SettingsError(`app.yml is not YAML (${error.message.split("\n")[0]}): restore it from the Airlock release`);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new SettingsError("app.yml must be a mapping of GitHub App manifest parameters");
  return parsed;
}
function appManifest(options) {
  const { appYml } = options;
  return {
    ...appYml,
    // A hook URL set in app.yml wins, as in Probot; Airlock's app.yml leaves it to this server.
    hook_attributes: appYml.hook_attributes ?? { url: options.webhookProxyUrl ?? `${options.baseUrl}/api/github/webhooks`, active: true },
    redirect_url: `${options.baseUrl}/probot/setup`
  };
}

// app/setup/setup-pages.ts
var escapeHtml = (text) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
function page(title, body) {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;line-height:1.5}code{background:#f3f3f3;padding:0 .2rem}button{font-size:1rem;padding:.5rem 1rem}</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
${body}
</body>
</html>
`;
}
function registrationPage(options) {
  return page(
    `Register ${options.name}`,
    `<p>${escapeHtml(options.description)}</p>
<p>Registering creates a GitHub App from Airlock's manifest (<code>app.yml</code>): its permissions, events and webhook URL. GitHub asks you to name it, then sends you back here, and this server writes the App's credentials to <code>${escapeHtml(options.envFile)}</code>.</p>
<form action="${escapeHtml(options.formAction)}" method="post">
<input type="hidden" name="manifest" value="${escapeHtml(options.manifestJson)}">
<button type="submit">Register the GitHub App</button>
</form>
<p>To register it by hand instead, see <code>docs/register-the-app.md</code>.</p>`
  );
}
function registeredPage(options) {
  return page(
    `Registered ${options.name}`,
    `<p>GitHub App <a href="${escapeHtml(options.htmlUrl)}">${escapeHtml(options.name)}</a> (App ID ${options.appId}) is registered. ${escapeHtml(options.keys.join(", "))} are in <code>${escapeHtml(options.envFile)}</code> (mode 0600).</p>
<ol>
<li>Restart <code>airlock app</code>: it reads <code>.env</code> and starts as the App.</li>
<li><a href="${escapeHtml(options.htmlUrl)}/installations/new">Install the App</a> on your organization.</li>
</ol>`
  );
}
function messagePage(title, text) {
  return page(title, `<p>${escapeHtml(text)}</p>
<p><a href="/probot">Back to registration</a></p>`);
}

// app/setup/manifest-setup.ts
var STATE_COOKIE = "airlock_setup_state";
var STATE_LIFETIME_MS = 36e5;
var MAX_PENDING_STATES = 32;
var PAGE_HEADERS = {
  "content-type": "text/html; charset=utf-8",
  "cache-control": "no-store",
  "referrer-policy": "no-referrer",
  "x-frame-options": "DENY"
};
function sameSecret(a, b) {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
function cookie(req, name) {
  for (const part of String(req.headers.cookie ?? "").split(";")) {
    const [key, ...value] = part.trim().split("=");
    if (key === name) return value.join("=");
  }
  return void 0;
}
function baseUrl(req) {
  const first = (value) => String(Array.isArray(value) ? value[0] : value ?? "").split(",")[0].trim();
  const host = first(req.headers["x-forwarded-host"]) || first(req.headers.host);
  const proto = first(req.headers["x-forwarded-proto"]) || "http";
  if (!/^[A-Za-z0-9.:[\]-]+$/.test(host) || proto !== "http" && proto !== "https") return void 0;
  return `${proto}://${host}`;
}
async function startManifestSetup(options) {
  const { settings, report } = options;
  const clock = options.clock ?? Date.now;
  const appYml = readAppYml(await readFile2(settings.manifestFile, "utf8"));
  const name = String(appYml.name ?? "Airlock");
  const description = String(appYml.description ?? "");
  const pending = /* @__PURE__ */ new Map();
  let busy = false;
  let done;
  const createUrl = `${settings.githubWebUrl}${settings.org ? `/organizations/${settings.org}` : ""}/settings/apps/new`;
  const send = (res, status, html, headers = {}) => {
    res.writeHead(status, { ...PAGE_HEADERS, ...headers }).end(html);
  };
  const servePage = (req, res) => {
    if (done) return send(res, 200, messagePage(`${done.name} is registered`, "Restart airlock app: it reads .env and starts as the App."));
    const base = baseUrl(req);
    if (!base) return send(res, 400, messagePage("Bad request", "The Host header is not a host name."));
    const now = clock();
    for (const [state2, expires] of pending) if (expires <= now || pending.size >= MAX_PENDING_STATES) pending.delete(state2);
    const state = randomBytes2(24).toString("base64url");
    pending.set(state, now + STATE_LIFETIME_MS);
    const manifestJson = JSON.stringify(appManifest({ appYml, baseUrl: base, webhookProxyUrl: settings.webhookProxyUrl }));
    send(res, 200, registrationPage({ name, description, formAction: `${createUrl}?state=${state}`, manifestJson, envFile: settings.envFile }), {
      "set-cookie": `${STATE_COOKIE}=${state}; Path=/probot; HttpOnly; SameSite=Lax; Max-Age=${STATE_LIFETIME_MS / 1e3}`
    });
  };
  const convert = async (code) => {
    const octokit = new ProbotOctokit({ baseUrl: settings.githubApiUrl, throttle: { enabled: false }, log: { debug: () => void 0, info: () => void 0, warn: () => void 0, error: () => void 0 } });
    const { data } = await octokit.request("POST /app-manifests/{code}/conversions", { code, request: { retries: 0, signal: AbortSignal.timeout(3e4) } });
    return data;
  };
  const serveSetup = async (req, res, query) => {
    if (done || busy) return send(res, 409, messagePage("Already registering", "An App is already registered (or being registered) from this server. Restart airlock app."));
    const code = query.get("code") ?? "";
    const state = query.get("state") ?? "";
    const expires = pending.get(state);
    const bound = cookie(req, STATE_COOKIE);
    if (!/^[A-Za-z0-9_-]{1,128}$/.test(code) || expires === void 0 || expires <= clock() || bound === void 0 || !sameSecret(bound, state)) {
      report("refused a /probot/setup request whose state does not match a registration page this browser opened");
      return send(res, 400, messagePage("Registration not recognised", "This link does not come from a registration this browser started here (or it is over an hour old). Start again from the registration page."));
    }
    pending.delete(state);
    busy = true;
    try {
      let app;
      try {
        app = await convert(code);
      } catch (error) {
        const status = error.status;
        report(`GitHub did not convert the registration code (${status ?? error.message}); start again from /probot`);
        return send(res, 502, messagePage("GitHub did not finish the registration", `GitHub answered ${status ?? "nothing"} for the registration code. Codes work once and for an hour: start again.`));
      }
      const values = {
        APP_ID: String(app.id),
        PRIVATE_KEY: app.pem,
        WEBHOOK_SECRET: app.webhook_secret ?? "",
        GITHUB_CLIENT_ID: app.client_id,
        GITHUB_CLIENT_SECRET: app.client_secret
      };
      try {
        await updateEnvFile(settings.envFile, values);
      } catch (error) {
        report(`registered App ${app.slug} (App ID ${app.id}) but ${error.message}; generate a private key on ${app.html_url} and set the variables by hand`);
        return send(res, 500, messagePage("Could not write .env", `The App ${app.name} (App ID ${app.id}) is registered, but ${settings.envFile} could not be written. Set its credentials by hand (docs/register-the-app.md).`));
      }
      done = { name: app.name };
      report(`registered GitHub App ${app.slug} (App ID ${app.id}); wrote ${settings.envFile}; restart airlock app, then install it: ${app.html_url}/installations/new`);
      send(res, 200, registeredPage({ name: app.name, appId: app.id, htmlUrl: app.html_url, envFile: settings.envFile, keys: Object.keys(values) }));
    } finally {
      busy = false;
    }
  };
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://setup.invalid");
    if (req.method !== "GET") return void res.writeHead(405, { allow: "GET" }).end();
    if (url.pathname === "/") return void res.writeHead(302, { location: "/probot" }).end();
    if (url.pathname === "/probot") return servePage(req, res);
    if (url.pathname === "/probot/setup") {
      return void serveSetup(req, res, url.searchParams).catch((error) => {
        report(`registration failed: ${error.message}`);
        if (!res.headersSent) send(res, 500, messagePage("Registration failed", "See the terminal running airlock app."));
      });
    }
    if (url.pathname === "/healthz") return void res.writeHead(200, { "content-type": "application/json" }).end('{"status":"setup"}');
    res.writeHead(404, { "content-type": "text/plain" }).end("Not Found: airlock app is in registration mode (no APP_ID); open /probot\n");
  });
  await listen(server, settings.port, settings.host);
  const { port } = server.address();
  const host = settings.host === "0.0.0.0" || settings.host === "::" ? "127.0.0.1" : settings.host;
  return {
    url: `http://${host.includes(":") ? `[${host}]` : host}:${port}`,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    })
  };
}

// app/setup/setup-settings.ts
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
function shippedManifestFile() {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!(existsSync(join(dir, "app.yml")) && existsSync(join(dir, "package.json")))) {
    const parent = dirname(dir);
    if (parent === dir) throw new SettingsError("cannot find app.yml at the Airlock package root: reinstall Airlock");
    dir = parent;
  }
  return join(dir, "app.yml");
}
function readSetupSettings(env, cwd) {
  if (env.NODE_ENV === "production") {
    throw new SettingsError("APP_ID is not set, and registration is not served in production (NODE_ENV=production): register the App first (docs/register-the-app.md), then set APP_ID, PRIVATE_KEY and WEBHOOK_SECRET");
  }
  const { webUrl, apiUrl } = githubEndpoints(env);
  if (env.GH_ORG && !/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/.test(env.GH_ORG)) throw new SettingsError(`GH_ORG must be an organization login such as acme (got ${JSON.stringify(env.GH_ORG)})`);
  let webhookProxyUrl;
  if (env.WEBHOOK_PROXY_URL) {
    webhookProxyUrl = env.WEBHOOK_PROXY_URL;
    if (!/^https?:\/\/[^\s]+$/.test(webhookProxyUrl)) throw new SettingsError("WEBHOOK_PROXY_URL must be an http(s) URL, such as a https://smee.io/<channel> URL");
  }
  return {
    host: env.HOST || "127.0.0.1",
    port: listenPort(env),
    githubWebUrl: webUrl,
    githubApiUrl: apiUrl,
    org: env.GH_ORG || void 0,
    webhookProxyUrl,
    envFile: join(cwd, ".env"),
    manifestFile: shippedManifestFile()
  };
}

// src/cli/app-command.ts
async function register(env, io) {
  const settings = readSetupSettings(env, io.cwd);
  const setup = await startManifestSetup({ settings, report: (line2) => io.stderr(`airlock app: ${line2}
`) });
  const stopped = waitForSignal();
  io.stderr(`airlock app: APP_ID is not set, so this is registration mode: open ${setup.url}/probot to register the GitHub App (its credentials go to ${settings.envFile})
`);
  await stopped;
  await setup.close();
  return 0;
}
var APP = {
  name: "app",
  help: {
    usage: ["airlock app"],
    about: `Starts the Airlock App: webhooks at /api/github/webhooks, the token broker at /airlock/v1/token,
until SIGINT or SIGTERM. Configured by the environment and .env in the working directory (the
environment wins): APP_ID, PRIVATE_KEY or PRIVATE_KEY_PATH, WEBHOOK_SECRET, GHE_HOST/GHE_PROTOCOL,
AIRLOCK_OIDC_ISSUER, AIRLOCK_AUDIENCE, DATABASE_URL or AIRLOCK_DATA_DIR, PORT.
Without APP_ID it serves the registration flow instead (docs/register-the-app.md).`,
    exit: { 0: "stopped by SIGINT or SIGTERM", 2: "configuration or start-up error (one line on stderr)" }
  },
  options: {}
};
var appCommand = (argv, io) => runCommand(APP, argv, io, async () => {
  try {
    const env = await environmentWithEnvFile(io.env, join2(io.cwd, ".env"));
    if (!env.APP_ID) return await register(env, io);
    const log = appLogger({ level: env.LOG_LEVEL ?? "info", write: io.stderr });
    const app = await startApp({ settings: readAppSettings(env, io.cwd), env, log });
    const port = Number(new URL(app.url).port);
    const stopped = waitForSignal();
    log.child({}, { level: "info" }).info({ port, webhooks: "/api/github/webhooks", broker: "/airlock/v1/token", metrics: "/metrics" }, `listening on port ${port} (webhooks at /api/github/webhooks, broker at /airlock/v1/token)`);
    await stopped;
    await app.close();
    return 0;
  } catch (error) {
    io.stderr(`airlock app: ${startupErrorLine(error)}
`);
    return 2;
  }
});
export {
  appCommand
};
