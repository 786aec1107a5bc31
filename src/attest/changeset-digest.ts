import { createHash } from 'node:crypto';
import { AttestError } from './attest-error.js';

/** One path the change touches: the git blob id of its new content, or null when it is deleted. */
export interface ChangeEntry {
  path: string;
  blob: string | null;
}

/** Git's object id for file content: sha1("blob <size>\0" + content). */
export function gitBlobSha(content: Buffer): string {
  return createHash('sha1').update(`blob ${content.length}\0`).update(content).digest('hex');
}

/**
 * The digest of a change, computable both from a work tree (the Action, after the agent) and from
 * a pull request's file list (the App: `GET /repos/{o}/{r}/pulls/{n}/files` gives each file's
 * blob `sha`), without trusting either side's diff text. Renames count as a delete and an add.
 * Lines `<blob or 40 zeros> <path>\n`, sorted by path bytes, then sha256.
 */
export function changesetDigest(entries: readonly ChangeEntry[]): string {
  const seen = new Set<string>();
  for (const e of entries) {
    if (!e.path || /[\n\0]/.test(e.path)) throw new AttestError('CHANGES_UNREADABLE', `path ${JSON.stringify(e.path)} cannot be part of a changeset (empty, newline or NUL)`);
    if (seen.has(e.path)) throw new AttestError('CHANGES_UNREADABLE', `path ${e.path} appears twice in one changeset`);
    if (e.blob !== null && !/^[0-9a-f]{40}$/.test(e.blob)) throw new AttestError('CHANGES_UNREADABLE', `path ${e.path}: blob id must be 40 hex digits`);
    seen.add(e.path);
  }
  const lines = [...entries]
    .sort((a, b) => Buffer.compare(Buffer.from(a.path), Buffer.from(b.path)))
    .map((e) => `${e.blob ?? '0'.repeat(40)} ${e.path}\n`);
  return createHash('sha256').update(lines.join('')).digest('hex');
}
