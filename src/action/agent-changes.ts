import { readFileState, sameState, type FileState } from './file-state.js';
import { hardenedGit } from '../git/hardened-git.js';
import type { RedactedWorkspace } from './redacted-workspace.js';
import { isSafeRelativePath } from './workspace-path.js';

/** One path the agent changed in its copy: as it was given (tokenised) and as it left it; undefined when absent. */
export interface AgentChange {
  path: string;
  before?: FileState;
  after?: FileState;
}

/**
 * What the agent changed in its redacted copy, against the files it was given: every base path
 * whose content, kind or executable bit differs or is gone, and every new file git would not ignore.
 * The copy's own `.git` is the agent's and is never read: new files are listed through an empty
 * repository of this process's (`listingGitDir`), with the copy's `.gitignore` files; contents are
 * read here, never through a link (see readFileState).
 */
export async function agentChanges(workspace: RedactedWorkspace): Promise<AgentChange[]> {
  // Made here rather than with the copy: one git process fewer before the agent starts (git init is safe to repeat).
  await hardenedGit(workspace.scratch, ['init', '-q', '--bare', workspace.listingGitDir]);
  const listed = await hardenedGit(workspace.scratch, ['--git-dir', workspace.listingGitDir, '--work-tree', workspace.dir, '-c', 'core.bare=false', 'ls-files', '-z', '--others', '--exclude-standard']);
  // A trailing slash is a nested repository: not part of this checkout's change.
  const added = listed.toString('utf8').split('\0').filter((p) => p && !p.endsWith('/') && isSafeRelativePath(p));
  const changes: AgentChange[] = [];
  for (const path of [...new Set([...workspace.base.keys(), ...added])].sort()) {
    const before = workspace.base.get(path);
    const after = await readFileState(workspace.dir, path);
    if (!sameState(before, after)) changes.push({ path, ...(before ? { before } : {}), ...(after ? { after } : {}) });
  }
  return changes;
}
