/** One `git config --list -z` entry: the name as git prints it (section and key lower-cased). */
export interface GitConfigEntry {
  name: string;
  value: string;
}

/** What to change in a copied `.git/config` so the agent finds no credential in it. */
export interface CredentialConfigEdits {
  /** Names to remove with `--unset-all`. */
  unset: string[];
  /** Names whose values are URLs with credentials: every value again, without them. */
  rewrite: GitConfigEntry[];
}

/** `scheme://user[:password]@host...`: a URL carrying credentials in its userinfo. */
const URL_WITH_USERINFO = /^([a-z][a-z0-9+.-]*:\/\/)[^/?#@\s]*@/i;

export function stripUserinfo(url: string): string {
  return url.replace(URL_WITH_USERINFO, '$1');
}

/** Parses `git config --list -z` output: `name\nvalue\0` per entry (`name\0` for a bare boolean). */
export function parseConfigList(text: string): GitConfigEntry[] {
  return text
    .split('\0')
    .filter(Boolean)
    .map((record) => {
      const newline = record.indexOf('\n');
      return newline < 0 ? { name: record, value: '' } : { name: record.slice(0, newline), value: record.slice(newline + 1) };
    });
}

function parts(name: string): { section: string; subsection: string; key: string } {
  const first = name.indexOf('.');
  const last = name.lastIndexOf('.');
  return { section: name.slice(0, first).toLowerCase(), subsection: first === last ? '' : name.slice(first + 1, last), key: name.slice(last + 1).toLowerCase() };
}

/**
 * The credentials a checkout's configuration can carry (THREATS.md §B 3): `http.*.extraheader`
 * (actions/checkout's token), credential helpers and stored usernames, includes (actions/checkout
 * v6 keeps its token in an included file under RUNNER_TEMP), askpass programs, `url.*.insteadOf`
 * rewrites whose URL holds a token, and any URL value with userinfo (remotes, proxies), which is
 * kept without it. https://git-scm.com/docs/git-config#_includes
 */
export function credentialConfigEdits(entries: readonly GitConfigEntry[]): CredentialConfigEdits {
  const unset = new Set<string>();
  const rewrite = new Map<string, GitConfigEntry[]>();
  for (const entry of entries) {
    const { section, subsection, key } = parts(entry.name);
    const removed =
      (section === 'http' && key === 'extraheader') ||
      section === 'credential' ||
      section === 'include' ||
      section === 'includeif' ||
      (section === 'core' && key === 'askpass') ||
      URL_WITH_USERINFO.test(subsection) ||
      (section === 'url' && URL_WITH_USERINFO.test(entry.value));
    if (removed) unset.add(entry.name);
    else if (URL_WITH_USERINFO.test(entry.value)) rewrite.set(entry.name, []);
  }
  for (const entry of entries) rewrite.get(entry.name)?.push({ name: entry.name, value: stripUserinfo(entry.value) });
  return { unset: [...unset], rewrite: [...rewrite.values()].flat() };
}
