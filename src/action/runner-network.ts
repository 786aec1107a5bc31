import { X509Certificate } from 'node:crypto';
import type * as Undici from 'undici';
import { runnerTrustStore } from '../egress/runner-trust-store.js';
import { nodeHttpFetch } from '../http/node-http-fetch.js';

/**
 * How the Action's own calls (broker, Vault, GitHub, Sigstore) reach the network the runner is
 * on: through the proxy the runner names (`HTTPS_PROXY`, `HTTP_PROXY`, `NO_PROXY`, either case,
 * as the runner itself and `@actions/http-client` read them) and trusting the `ca-certificate`
 * input beside the runner's own roots.
 * https://docs.github.com/en/actions/hosting-your-own-runners/managing-self-hosted-runners/using-a-proxy-server-with-self-hosted-runners
 */
export interface RunnerNetwork {
  fetch: typeof fetch;
  /**
   * The broker's calls: node:http(s) where the runner names no proxy and no CA (so Node's fetch is
   * not loaded on the way to the agent's credentials), else `fetch` above, which honours both.
   */
  brokerFetch: typeof fetch;
  /** PEM certificates for other clients (git): the runner's roots plus `ca-certificate`. */
  trustStore: () => string[];
  /** The proxy variables, for child processes that read them themselves (git, curl). */
  proxyEnv: Record<string, string>;
}

const PROXY_VARIABLES = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'NO_PROXY', 'no_proxy'] as const;

/** Lower case wins, as curl and the runner read them; an empty value means unset. */
const pick = (env: NodeJS.ProcessEnv, name: string): string | undefined => env[name.toLowerCase()] || env[name.toUpperCase()] || undefined;

/**
 * `NO_PROXY=corp.example` bypasses the proxy for `vault.corp.example` too with curl, the runner
 * and `@actions/http-client`; undici matches a bare entry exactly, so each gets its `.` form too.
 * https://github.com/actions/toolkit/blob/main/packages/http-client/src/proxy.ts
 */
function withSubdomains(noProxy: string): string {
  return noProxy
    .split(/[,\s]+/)
    .filter(Boolean)
    .flatMap((entry) => (/^[.*]/.test(entry) ? [entry] : [entry, `.${entry}`]))
    .join(',');
}

/**
 * `undici`'s own fetch with its `EnvHttpProxyAgent` (the dispatcher it documents for proxy
 * variables and `NO_PROXY`), not Node's global fetch: a dispatcher from another undici version
 * is not guaranteed to fit the global one (Node 20 and Node 24 bundle different majors).
 * https://github.com/nodejs/undici/blob/main/docs/docs/api/EnvHttpProxyAgent.md
 */
/**
 * A proxy variable's value, checked here as undici's ProxyAgent would (an http: or https: URL):
 * undici is only loaded on the first call, and a bad variable should still fail the step at once.
 * The value is not shown: it may carry the proxy's password.
 */
function proxyUrl(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = pick(env, name);
  if (value === undefined) return undefined;
  let protocol: string | undefined;
  try {
    protocol = new URL(value).protocol;
  } catch {
    // reported below
  }
  if (protocol !== 'http:' && protocol !== 'https:') throw new Error(`${name} (or ${name.toUpperCase()}) is not a proxy URL: expected http://host:port or https://host:port; fix it in the runner's environment`);
  return value;
}

export function runnerNetwork(env: NodeJS.ProcessEnv, caCertificates: readonly string[] = []): RunnerNetwork {
  const httpProxy = proxyUrl(env, 'http_proxy');
  const httpsProxy = proxyUrl(env, 'https_proxy');
  const noProxy = withSubdomains(pick(env, 'no_proxy') ?? '');
  const proxyEnv = Object.fromEntries(PROXY_VARIABLES.filter((name) => env[name]).map((name) => [name, env[name]!]));
  // An explicit `ca` replaces Node's defaults, so the runner's own roots come along.
  const ca = caCertificates.length ? [...runnerTrustStore(env), ...caCertificates] : undefined;
  const trustStore = () => [...runnerTrustStore(env), ...caCertificates];
  if (!httpProxy && !httpsProxy && !ca) return { fetch: globalThis.fetch, brokerFetch: nodeHttpFetch({ env }), trustStore, proxyEnv };
  const tls = ca ? { ca } : {};
  // Passed explicitly so the environment the Action was given is the one that counts (undefined
  // would fall back to process.env). The TLS options reach both agents it builds: `connect` the
  // direct one, `requestTls`/`proxyTls` the ProxyAgent's tunnel and proxy (its types omit them).
  // https://github.com/nodejs/undici/blob/main/docs/docs/api/ProxyAgent.md
  const options = {
    httpProxy: httpProxy ?? '',
    httpsProxy: httpsProxy ?? httpProxy ?? '',
    noProxy,
    connect: tls,
    requestTls: tls,
    proxyTls: tls,
  };
  // undici (~790 KB) is loaded on the first call, only on runners with a proxy or a CA: a run
  // without either uses Node's fetch and never reads it (scripts/build.js splits it into a chunk).
  let loading: Promise<{ proxiedFetch: typeof Undici.fetch; dispatcher: Undici.EnvHttpProxyAgent }> | undefined;
  const load = () =>
    (loading ??= import('undici').then((module) => {
      // undici is CommonJS: its exports object is the default export, bundled or not.
      const { EnvHttpProxyAgent, fetch } = module.default as unknown as typeof Undici;
      return { proxiedFetch: fetch, dispatcher: new EnvHttpProxyAgent(options as ConstructorParameters<typeof EnvHttpProxyAgent>[0]) };
    }));
  const proxied = (async (input: string | URL | Request, init?: RequestInit) => {
    const { proxiedFetch, dispatcher } = await load();
    // The init is the standard one; undici's types name the same fields with its own classes.
    return proxiedFetch(input as Parameters<typeof Undici.fetch>[0], { ...(init as Parameters<typeof Undici.fetch>[1]), dispatcher });
  }) as unknown as typeof fetch;
  return { fetch: proxied, brokerFetch: proxied, trustStore, proxyEnv };
}

/**
 * The `ca-certificate` input: PEM certificates, or their base64 (as vault-action takes it), each
 * checked to be a certificate. https://github.com/hashicorp/vault-action#caCertificate
 */
export function parseCaCertificate(text: string): string[] {
  const trimmed = text.trim();
  if (!trimmed) return [];
  const pem = trimmed.includes('-----BEGIN') ? trimmed : Buffer.from(trimmed, 'base64').toString('utf8');
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  if (!blocks.length) throw new Error('expected one or more PEM certificates (-----BEGIN CERTIFICATE-----), or their base64');
  blocks.forEach((block, index) => {
    try {
      new X509Certificate(block);
    } catch {
      throw new Error(`certificate ${index + 1} is not a valid X.509 certificate; paste the PEM of the CA that signed your Vault or Airlock server's certificate`);
    }
  });
  return blocks;
}
