import type { HostRule } from '../../egress/egress-policy.js';
import { parseAllowedHosts } from '../allowed-hosts.js';
import { VaultError } from './vault-error.js';

/**
 * Where a secret may be resolved (the agent holds a placeholder; the egress proxy puts the real
 * value in): hosts, and the places in a request (`Authorization` schemes, or one named header).
 */
export interface SecretBinding {
  hosts: HostRule[];
  /** `host:port` entries, as the attestation and the summary show them. */
  entries: string[];
  /** Authorization schemes the value may be sent with; empty when `header` is set. */
  auth: ('bearer' | 'token' | 'basic')[];
  /** The one header whose whole value it may be. */
  header?: string;
  /** Resolution waits for a human's approval through the Airlock App. */
  approval: boolean;
}

/** One `path key | ENV_NAME [| binding]` entry of the `secrets:` input. */
export interface SecretRequest {
  path: string;
  key: string;
  envName: string;
  /** Absent: the placeholder is resolved nowhere (the agent can name the secret, never use it). */
  binding?: SecretBinding;
  /** 1-based line of the input, for messages. */
  line: number;
}

const EXAMPLE = '"secret/data/ci/npm token | NPM_TOKEN"';
const EXAMPLE_BOUND = '"secret/data/ci/npm token | NPM_TOKEN | registry.npmjs.org"';
const AUTH_SCHEMES = ['bearer', 'token', 'basic'] as const;

/**
 * The third part of an entry: hosts (as `allowed-hosts` takes them), `header=<name>` (the value is
 * the whole of that header), `auth=<schemes>` (`Authorization: Bearer|token`, HTTP Basic password;
 * all three unless given), `approval` (a human approves through the App before the first use).
 * A string is the problem found.
 */
function parseBinding(text: string): SecretBinding | string {
  const hosts: string[] = [];
  let header: string | undefined;
  let auth: SecretBinding['auth'] | undefined;
  let approval = false;
  for (const word of text.trim().split(/\s+/).filter(Boolean)) {
    if (word === 'approval') approval = true;
    else if (word.startsWith('header=')) {
      header = word.slice('header='.length).toLowerCase();
      // RFC 9110 §5.1 token; never a header the proxy or the protocol owns.
      if (!/^[a-z0-9!#$%&'*+.^_`|~-]+$/.test(header)) return `header "${header}" is not a header name`;
      if (['authorization', 'proxy-authorization', 'host', 'cookie', 'content-length', 'transfer-encoding', 'connection'].includes(header)) return `header=${header} is not allowed; use auth=... for Authorization, or name the header the service reads (e.g. header=x-api-key)`;
    } else if (word.startsWith('auth=')) {
      const schemes = word.slice('auth='.length).toLowerCase().split(',');
      const bad = schemes.find((x) => !(AUTH_SCHEMES as readonly string[]).includes(x));
      if (bad !== undefined) return `auth=${bad}: expected bearer, token or basic (comma-separated)`;
      auth = schemes as SecretBinding['auth'];
    } else hosts.push(word);
  }
  if (hosts.length === 0) return `the binding after the second "|" names no host; e.g. ${EXAMPLE_BOUND}`;
  if (header !== undefined && auth !== undefined) return 'give either header=<name> or auth=<schemes>, not both';
  let parsed;
  try {
    parsed = parseAllowedHosts(hosts.join(' '));
  } catch (error) {
    return `binding hosts: ${(error as Error).message}`;
  }
  return { hosts: [...parsed.rules], entries: [...parsed.entries], auth: header !== undefined ? [] : (auth ?? [...AUTH_SCHEMES]), ...(header !== undefined ? { header } : {}), approval };
}

/**
 * Names a secret must not take: the runner's and Airlock's own variables, and variables that
 * change what a process loads or runs (loader, shell, interpreter start-up, proxies, CA bundles),
 * since a secret's value would then steer the agent's tooling.
 */
const FORBIDDEN_PREFIXES = ['GITHUB_', 'ACTIONS_', 'RUNNER_', 'INPUT_', 'STATE_', 'AIRLOCK_', 'LD_', 'DYLD_', 'GIT_', 'BASH_FUNC_', 'NPM_CONFIG_'];
const FORBIDDEN_NAMES = new Set([
  'PATH', 'HOME', 'SHELL', 'USER', 'PWD', 'TMPDIR', 'IFS', 'ENV', 'BASH_ENV', 'SHELLOPTS', 'BASHOPTS', 'PS4', 'PROMPT_COMMAND', 'CDPATH', 'GLOBIGNORE',
  'NODE_OPTIONS', 'NODE_PATH', 'NODE_EXTRA_CA_CERTS', 'NODE_TLS_REJECT_UNAUTHORIZED', 'NODE_REPL_EXTERNAL_MODULE',
  'PYTHONPATH', 'PYTHONSTARTUP', 'PYTHONHOME', 'PYTHONINSPECT', 'PERL5OPT', 'PERL5LIB', 'PERLLIB', 'RUBYOPT', 'RUBYLIB',
  'JAVA_TOOL_OPTIONS', '_JAVA_OPTIONS', 'JDK_JAVA_OPTIONS', 'CLASSPATH', 'GCONV_PATH', 'HOSTALIASES', 'LOCALDOMAIN', 'RES_OPTIONS',
  'SSL_CERT_FILE', 'SSL_CERT_DIR', 'CURL_CA_BUNDLE', 'REQUESTS_CA_BUNDLE', 'HTTP_PROXY', 'HTTPS_PROXY', 'ALL_PROXY', 'NO_PROXY',
  'EDITOR', 'VISUAL', 'PAGER', 'BROWSER', 'CI',
]);

function envNameProblem(name: string): string | undefined {
  if (!/^[A-Z_][A-Z0-9_]*$/.test(name)) {
    const upper = name.toUpperCase().replace(/[^A-Z0-9_]/g, '_');
    return `"${name}" is not an upper-case identifier ([A-Z_][A-Z0-9_]*)${/^[A-Z_][A-Z0-9_]*$/.test(upper) ? `; did you mean ${upper}?` : ''}`;
  }
  const prefix = FORBIDDEN_PREFIXES.find((p) => name.startsWith(p));
  if (prefix) return `${name} starts with ${prefix}, which is reserved for the runner, Airlock or the tools the agent runs; choose another name`;
  if (FORBIDDEN_NAMES.has(name)) return `${name} would change how the agent's processes start or connect; choose another name`;
  return undefined;
}

function pathProblem(path: string): string | undefined {
  if (path.startsWith('/')) return `path "${path}" starts with "/"; write it without, e.g. ${path.replace(/^\/+/, '')}`;
  if (!/^[A-Za-z0-9_.-]+(?:\/[A-Za-z0-9_.-]+)*$/.test(path)) return `path "${path}" may hold only letters, digits, "_", ".", "-" and single "/" separators`;
  if (path.split('/').some((segment) => segment === '.' || segment === '..')) return `path "${path}" may not contain "." or ".." segments`;
  return undefined;
}

/**
 * Parses the `secrets:` input in the form vault-action users know: one entry per line (or
 * `;`-separated), `<path> <key> | <ENV_NAME>`, e.g. `secret/data/ci/npm token | NPM_TOKEN`
 * (KV v2 paths include `data/`), and optionally `| <binding>` (see parseBinding): where the
 * agent's placeholder for it may be resolved. Blank lines and lines starting with `#` are skipped. Every
 * entry names exactly one key; whole-secret reads are not supported. All problems are reported
 * at once, each naming its line, what was expected and how to fix it.
 */
export function parseSecretsInput(text: string): SecretRequest[] {
  const requests: SecretRequest[] = [];
  const problems: string[] = [];
  const seen = new Map<string, number>();
  text.split(/\r?\n/).forEach((rawLine, index) => {
    const line = index + 1;
    if (rawLine.trim().startsWith('#')) return;
    for (const raw of rawLine.split(';')) {
      const entry = raw.trim();
      if (entry === '') continue;
      const problem = (message: string) => problems.push(`line ${line} ("${entry}"): ${message}`);
      const parts = entry.split('|');
      if (parts.length !== 2 && parts.length !== 3) {
        problem(parts.length === 1 ? `missing "| ENV_NAME"; expected "<path> <key> | ENV_NAME", e.g. ${EXAMPLE}` : `expected "<path> <key> | ENV_NAME" and optionally "| <hosts> [header=<name>] [auth=bearer,token,basic] [approval]", e.g. ${EXAMPLE_BOUND}`);
        continue;
      }
      const words = parts[0]!.trim().split(/\s+/).filter(Boolean);
      const envName = parts[1]!.trim();
      if (words.length !== 2) {
        problem(
          words.length < 2
            ? `names a path but no key; Airlock reads one key per entry: write "<path> <key> | ENV_NAME" (one entry per key), e.g. ${EXAMPLE}`
            : `expected "<path> <key>" before "|", found ${words.length} words; paths and keys contain no spaces`,
        );
        continue;
      }
      const [path, key] = words as [string, string];
      const issue = pathProblem(path) ?? (/^[A-Za-z0-9_.-]+$/.test(key) ? undefined : `key "${key}" may hold only letters, digits, "_", "." and "-"`) ?? envNameProblem(envName);
      if (issue) {
        problem(issue);
        continue;
      }
      const earlier = seen.get(envName);
      if (earlier !== undefined) {
        problem(`${envName} is already set by line ${earlier}; give each secret its own name`);
        continue;
      }
      let binding: SecretBinding | undefined;
      if (parts.length === 3) {
        const parsed = parseBinding(parts[2]!);
        if (typeof parsed === 'string') {
          problem(parsed);
          continue;
        }
        binding = parsed;
      }
      seen.set(envName, line);
      requests.push({ path, key, envName, line, ...(binding ? { binding } : {}) });
    }
  });
  if (problems.length) throw new VaultError('secrets_input_invalid', `the secrets input has ${problems.length} problem(s):\n${problems.join('\n')}`);
  return requests;
}
