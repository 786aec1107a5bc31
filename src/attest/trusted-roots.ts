import { readFileSync } from 'node:fs';
import seeds from '@sigstore/tuf/seeds.json' with { type: 'json' };

/**
 * The Sigstore public-good trusted root, as shipped (signed through TUF) in @sigstore/tuf's seed;
 * updating that dependency updates it.
 * https://github.com/sigstore/sigstore-js/tree/main/packages/tuf
 */
export function publicGoodRoot(): unknown {
  const seed = (seeds as Record<string, { targets: Record<string, string> }>)['https://tuf-repo-cdn.sigstore.dev'];
  return JSON.parse(Buffer.from(seed!.targets['trusted_root.json']!, 'base64').toString('utf8'));
}

/**
 * The trusted roots in one file's text: a trusted_root.json (pretty-printed or not), or JSON Lines
 * of them as `gh attestation trusted-root` prints (public-good and GitHub's own instance, which
 * private repositories sign with). `path` names the file in errors.
 * https://cli.github.com/manual/gh_attestation_trusted-root
 */
export function parseTrustedRoots(text: string, path: string): unknown[] {
  try {
    return [JSON.parse(text) as unknown];
  } catch {
    // Not one document: JSON Lines, one trusted root per line.
  }
  const roots: unknown[] = [];
  for (const [i, line] of text.split('\n').entries()) {
    if (!line.trim()) continue;
    try {
      roots.push(JSON.parse(line) as unknown);
    } catch {
      throw new Error(`${path} is neither a trusted_root.json nor JSON Lines of them (line ${i + 1} is not JSON); write it with: gh attestation trusted-root > ${path}`);
    }
  }
  if (roots.length === 0) throw new Error(`${path} holds no trusted root; write it with: gh attestation trusted-root > ${path}`);
  return roots;
}

/**
 * Trusted roots from `AIRLOCK_TRUSTED_ROOTS`: comma-separated files, each a trusted_root.json or
 * JSON Lines of them. Unset: the public-good root only.
 */
export function readTrustedRoots(value: string | undefined): unknown[] {
  if (!value) return [publicGoodRoot()];
  return value.split(',').map((p) => p.trim()).filter(Boolean).flatMap((path) => {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      throw new Error(`AIRLOCK_TRUSTED_ROOTS names ${path}, which cannot be read; write it with: gh attestation trusted-root > ${path}`);
    }
    try {
      return parseTrustedRoots(text, path);
    } catch (error) {
      throw new Error(`AIRLOCK_TRUSTED_ROOTS: ${(error as Error).message}`, { cause: error });
    }
  });
}
