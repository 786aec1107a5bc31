import type { TokenVault } from './token-vault.js';
import { TOKEN_REGEX } from './token-vault.js';

/** A token left in a patch because it appeared where the original file did not have its value. */
export interface KeptToken {
  readonly file: string;
  /** Line in the new file. */
  readonly line: number;
  readonly token: string;
}

export interface RestoreResult {
  readonly patch: string;
  /** Tokens that stay tokens: copied into new files or new lines. The PR gate reports them. */
  readonly kept: readonly KeptToken[];
}

/** Original (real, untokenised) file contents by repository path. */
export type OriginalFiles = (path: string) => string | undefined;

const HUNK = /^@@ -(\d+)(?:,\d+)? \+(\d+)(?:,\d+)? @@/;

function stripPrefix(p: string): string | undefined {
  const path = p.split('\t')[0]!.trim();
  if (path === '/dev/null') return undefined;
  return path.replace(/^[ab]\//, '');
}

function tokensIn(line: string, vault: TokenVault): string[] {
  return [...line.matchAll(TOKEN_REGEX)]
    .map((m) => m[0])
    .filter((t) => vault.valueOf(t) !== undefined);
}

/**
 * Restores tokens in an agent's unified diff (made against the tokenised workspace) so it
 * applies to the real repository. A token becomes its value again only where the original
 * file had that value: in context and removed lines whose original line holds it, and in an
 * added line that replaces (within the same hunk) a removed line that held it. A token copied
 * anywhere else (a new file, a new line) stays a token and is listed in `kept`.
 */
export function restorePatch(
  patch: string,
  originals: OriginalFiles,
  vault: TokenVault,
): RestoreResult {
  const lines = patch.split('\n');
  const kept: KeptToken[] = [];
  let oldPath: string | undefined;
  let newPath: string | undefined;
  let originalLines: string[] | undefined;
  let oldLine = 0;
  let newLine = 0;
  let inHunk = false;
  /** Tokens restored in removed lines of the current hunk, available to its added lines. */
  let pairable = new Map<string, number>();

  const restoreWhereOriginalHas = (line: string, original: string | undefined): string => {
    let out = line;
    for (const t of tokensIn(line, vault)) {
      const value = vault.valueOf(t)!;
      if (original !== undefined && original.includes(value)) out = out.split(t).join(value);
    }
    return out;
  };

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.startsWith('diff --git ')) {
      inHunk = false;
      continue;
    }
    if (!inHunk && line.startsWith('--- ')) {
      oldPath = stripPrefix(line.slice(4));
      originalLines = oldPath !== undefined ? originals(oldPath)?.split('\n') : undefined;
      continue;
    }
    if (!inHunk && line.startsWith('+++ ')) {
      newPath = stripPrefix(line.slice(4));
      continue;
    }
    const hunk = HUNK.exec(line);
    if (hunk) {
      inHunk = true;
      oldLine = Number(hunk[1]);
      newLine = Number(hunk[2]);
      pairable = new Map();
      continue;
    }
    if (!inHunk) continue;
    const op = line[0];
    const body = line.slice(1);
    if (op === ' ') {
      lines[i] = ' ' + restoreWhereOriginalHas(body, originalLines?.[oldLine - 1]);
      oldLine++;
      newLine++;
    } else if (op === '-') {
      const original = originalLines?.[oldLine - 1];
      const restored = restoreWhereOriginalHas(body, original);
      for (const t of tokensIn(body, vault))
        if (!restored.includes(t)) pairable.set(t, (pairable.get(t) ?? 0) + 1);
      lines[i] = '-' + restored;
      oldLine++;
    } else if (op === '+') {
      let out = body;
      for (const m of [...body.matchAll(TOKEN_REGEX)]) {
        const t = m[0];
        const value = vault.valueOf(t);
        if (value === undefined) continue;
        const n = pairable.get(t) ?? 0;
        if (n > 0) {
          pairable.set(t, n - 1);
          out = out.replace(t, value);
        } else kept.push({ file: newPath ?? oldPath ?? '', line: newLine, token: t });
      }
      lines[i] = '+' + out;
      newLine++;
    } else if (op !== '\\') inHunk = false;
  }
  return { patch: lines.join('\n'), kept };
}
