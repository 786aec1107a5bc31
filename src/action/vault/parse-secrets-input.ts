import { VaultError } from './vault-error.js';

/** One `path key | ENV_NAME` entry of the `secrets:` input. */
export interface SecretRequest {
  path: string;
  key: string;
  envName: string;
  /** 1-based line of the input, for messages. */
  line: number;
}

const EXAMPLE = '"secret/data/ci/npm token | NPM_TOKEN"';

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
 * (KV v2 paths include `data/`). Blank lines and lines starting with `#` are skipped. Every
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
      if (parts.length !== 2) {
        problem(parts.length === 1 ? `missing "| ENV_NAME"; expected "<path> <key> | ENV_NAME", e.g. ${EXAMPLE}` : `expected exactly one "|", e.g. ${EXAMPLE}`);
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
      seen.set(envName, line);
      requests.push({ path, key, envName, line });
    }
  });
  if (problems.length) throw new VaultError('secrets_input_invalid', `the secrets input has ${problems.length} problem(s):\n${problems.join('\n')}`);
  return requests;
}
