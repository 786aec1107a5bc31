/**
 * The added lines of a unified diff (`git diff`, `git log -p`), grouped per commit and file,
 * with their line numbers in the new file. Scanning only added lines reports what a change
 * introduced, not what it removed.
 */
export interface AddedLines {
  readonly commit: string | undefined;
  readonly file: string;
  /** New-file line number of each added line, and its text. */
  readonly lines: readonly { readonly line: number; readonly text: string }[];
}

/** Marker line `airlock scan` asks `git log` to print before each commit. */
export const COMMIT_MARKER = '\x00commit ';

const HUNK = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,\d+)? @@/;

export function parseAddedLines(diff: string): AddedLines[] {
  const out: AddedLines[] = [];
  let commit: string | undefined;
  let current:
    | { commit: string | undefined; file: string; lines: { line: number; text: string }[] }
    | undefined;
  let newLine = 0;
  let inHunk = false;
  const flush = (): void => {
    if (current && current.lines.length > 0) out.push(current);
    current = undefined;
  };
  for (const raw of diff.split('\n')) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.startsWith(COMMIT_MARKER)) {
      flush();
      commit = line.slice(COMMIT_MARKER.length).trim();
      inHunk = false;
      continue;
    }
    if (line.startsWith('diff --git ')) {
      flush();
      inHunk = false;
      continue;
    }
    if (!inHunk && line.startsWith('+++ ')) {
      const path = line.slice(4).split('\t')[0]!;
      flush();
      if (path !== '/dev/null') current = { commit, file: path.replace(/^b\//, ''), lines: [] };
      continue;
    }
    const h = HUNK.exec(line);
    if (h) {
      inHunk = true;
      newLine = Number(h[1]);
      continue;
    }
    if (!inHunk) continue;
    if (line.startsWith('+')) {
      current?.lines.push({ line: newLine, text: line.slice(1) });
      newLine++;
    } else if (line.startsWith(' ')) newLine++;
    else if (!line.startsWith('-') && !line.startsWith('\\')) inHunk = false;
  }
  flush();
  return out;
}
