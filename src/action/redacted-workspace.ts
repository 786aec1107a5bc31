import { cp, lstat, mkdir, mkdtemp, realpath, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { isAgentControlPath } from '../attest/approval-paths.js';
import { DEFAULT_MAX_CHARS } from '../scan/scan-text.js';
import { TokenVault } from '../scan/token-vault.js';
import { tokenizeBuffer } from '../scan/tokenizer.js';
import { readFileState, sameState, writeFileState, type FileState } from './file-state.js';
import { credentialConfigEdits, parseConfigList } from './git-credential-config.js';
import { hardenedGit, hardenedGitSequence } from '../git/hardened-git.js';
import { isSafeRelativePath } from './workspace-path.js';

/** The copy of the checkout the agent works in, and what is needed to take its changes back. */
export interface RedactedWorkspace {
  /** Where the agent runs: the only directory bound into its sandbox. */
  readonly dir: string;
  /** Private scratch space of this process, outside `dir`. */
  readonly scratch: string;
  /** An empty repository of this process's own, to list the agent's new files with `dir`'s ignore rules; made when they are listed (agent-changes.ts), off the way to the agent. */
  readonly listingGitDir: string;
  /** Every path as the agent was given it (tokenised): the base its changes are taken against. */
  readonly base: ReadonlyMap<string, FileState>;
  /** Tokens and the values they replace; in memory only. */
  readonly vault: TokenVault;
  remove(): Promise<void>;
}

/** What the log says about the copy; names no value. */
export interface RedactedWorkspaceReport {
  files: number;
  tokenisedFiles: string[];
  /** Files larger than the scanner reads: copied as they are. */
  unscanned: string[];
  /** Where agent control files were taken from (`origin/<base>` or `HEAD`); absent in a repository without commits. */
  baseRevision?: string;
  /** Agent control files the working tree has changed or added: the agent was given the base revision's version, or none. */
  controlFilesReplaced: string[];
  history: boolean;
}

export interface RedactedWorkspaceOptions {
  workingDirectory: string;
  /** Parent of the private copy (RUNNER_TEMP). */
  tempDir: string;
  /** Keep the checkout's history (`.git`, credentials stripped) instead of one fresh commit. */
  history: boolean;
  /** `GITHUB_BASE_REF` on pull request events: agent control files come from `origin/<it>` when present. */
  baseRef?: string;
  /**
   * Told the copy's directory as soon as it exists, still empty, while git fills it: the sandbox
   * preflight binds it meanwhile (run-main.ts).
   */
  onDirectory?: (dir: string) => void;
  /** `git ls-tree -r -z --full-tree <commit>`'s output, when the caller shares one (tree-listing.ts); else read here. */
  listTree?: (commit: string) => Promise<string>;
}

const text = (b: Buffer) => b.toString('utf8');
const GIT_IDENTITY = ['-c', 'user.name=Airlock', '-c', 'user.email=airlock@localhost', '-c', 'commit.gpgsign=false', '-c', 'init.defaultBranch=main'];

/** A commit id as git prints it (SHA-1 or SHA-256); a top-level path never looks like one (it is absolute). */
const COMMIT_ID = /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/;

/** `<rev>^{commit}` checked by the rev-parse that finds the top level: its commit, or undefined when it names none. */
const verifyCommit = (rev: string) => ['--verify', '--quiet', `${rev}^{commit}`];

/**
 * The checkout's top level (undefined outside a checkout) and, from the same git process, the commit
 * HEAD names (undefined in a repository without commits): `--show-toplevel` prints before
 * `--verify`, which exits 1 without output when there is no such commit.
 * https://git-scm.com/docs/git-rev-parse#Documentation/git-rev-parse.txt---verify
 */
async function checkoutTopLevel(workingDirectory: string): Promise<{ top: string; head: string | undefined } | undefined> {
  let lines: string[];
  try {
    lines = text(await hardenedGit(workingDirectory, ['rev-parse', '--show-toplevel', ...verifyCommit('HEAD')], { okExitCodes: [1] })).replace(/\n$/, '').split('\n');
  } catch {
    return undefined;
  }
  const head = lines.length > 1 && COMMIT_ID.test(lines.at(-1)!) ? lines.pop() : undefined;
  const top = lines.join('\n');
  const [real, realTop] = await Promise.all([realpath(workingDirectory), realpath(top)]);
  if (real !== realTop) throw new Error(`the working directory ${workingDirectory} is inside the git checkout ${top} but not its top level: the agent's redacted copy is made of a whole checkout; set working-directory to ${top}`);
  return { top: real, head };
}

/** The base branch as the runner fetched it, when the event has one; else HEAD (already resolved). Names are checked before git sees them. */
async function baseRevision(checkout: string, head: string | undefined, baseRef: string | undefined): Promise<{ name: string; commit: string } | undefined> {
  if (baseRef && /^[A-Za-z0-9][A-Za-z0-9._/-]*$/.test(baseRef) && !baseRef.includes('..')) {
    const commit = text(await hardenedGit(checkout, ['rev-parse', ...verifyCommit(`refs/remotes/origin/${baseRef}`)], { okExitCodes: [1] })).trim();
    if (commit) return { name: `origin/${baseRef}`, commit };
  }
  return head ? { name: 'HEAD', commit: head } : undefined;
}

/** Agent control files of the base revision, read from git's objects (never the working tree). */
async function baseControlFiles(checkout: string, commit: string, listTree: (commit: string) => Promise<string>): Promise<Map<string, FileState>> {
  const files = new Map<string, FileState>();
  for (const record of (await listTree(commit)).split('\0')) {
    const tab = record.indexOf('\t');
    const path = record.slice(tab + 1);
    if (tab < 0 || !isAgentControlPath(path) || !isSafeRelativePath(path)) continue;
    const [mode, type, sha] = record.slice(0, tab).split(' ');
    if (type !== 'blob') continue;
    const content = await hardenedGit(checkout, ['cat-file', 'blob', sha!]);
    files.set(path, { kind: mode === '120000' ? 'symlink' : 'file', executable: mode === '100755', content });
  }
  return files;
}

/** Copies the checkout's history without what could carry a credential or run code: hooks, includes, helpers, tokens in URLs. */
async function copyHistory(checkout: string, dir: string): Promise<void> {
  const gitDir = join(checkout, '.git');
  if (!(await lstat(gitDir)).isDirectory()) throw new Error(`"workspace-history: true" needs ${gitDir} to be a directory (worktrees and submodule checkouts are not supported)`);
  const hooks = join(gitDir, 'hooks');
  await cp(gitDir, join(dir, '.git'), { recursive: true, verbatimSymlinks: true, filter: (source) => source !== hooks && !source.startsWith(`${hooks}/`) });
  await mkdir(join(dir, '.git', 'hooks'));
  for (const file of ['config', 'config.worktree']) {
    const path = join(dir, '.git', file);
    if (!(await lstat(path).catch(() => undefined))?.isFile()) continue;
    const edits = credentialConfigEdits(parseConfigList(text(await hardenedGit(dir, ['config', '--file', path, '--list', '-z']))));
    for (const name of new Set([...edits.unset, ...edits.rewrite.map((e) => e.name)])) await hardenedGit(dir, ['config', '--file', path, '--unset-all', name], { okExitCodes: [5] });
    for (const entry of edits.rewrite) await hardenedGit(dir, ['config', '--file', path, '--add', entry.name, entry.value]);
  }
}

/** One commit of the copied tree, so the agent can diff and commit; no remote, no hook, no credential. One process launch for the three. */
async function freshRepository(dir: string): Promise<void> {
  await hardenedGitSequence(dir, [
    [...GIT_IDENTITY, 'init', '-q'],
    // -f: the copy holds exactly the files to record, force-added ones included.
    [...GIT_IDENTITY, 'add', '-A', '-f'],
    [...GIT_IDENTITY, 'commit', '-q', '--allow-empty', '--no-verify', '-m', 'Airlock: redacted workspace'],
  ]);
}

function tokenise(path: string, state: FileState, vault: TokenVault, report: RedactedWorkspaceReport): FileState {
  if (state.kind !== 'file') return state;
  if (state.content.length > DEFAULT_MAX_CHARS) {
    report.unscanned.push(path);
    return state;
  }
  const { bytes, findings } = tokenizeBuffer(state.content, vault, { file: path });
  if (!findings.length) return state;
  report.tokenisedFiles.push(path);
  return { ...state, content: bytes };
}

/**
 * Builds the agent's view of a git checkout in a private (0700) directory under `tempDir`: the work
 * tree's files (tracked, and untracked ones git would not ignore), every secret the scanner finds
 * replaced by an opaque token (THREATS.md §B), agent control files as the base revision has them
 * (§D 25), and a repository without history or credentials unless `history` is asked for (§B 3-4).
 * Undefined when the working directory is not a git checkout.
 */
export async function prepareRedactedWorkspace(options: RedactedWorkspaceOptions): Promise<{ workspace: RedactedWorkspace; report: RedactedWorkspaceReport } | undefined> {
  const found = await checkoutTopLevel(options.workingDirectory);
  if (!found) return undefined;
  const checkout = found.top;
  const root = await mkdtemp(join(options.tempDir, 'airlock-workspace-'));
  const workspace: RedactedWorkspace = {
    dir: join(root, 'workspace'),
    scratch: join(root, 'scratch'),
    listingGitDir: join(root, 'scratch', 'listing.git'),
    base: new Map(),
    vault: new TokenVault(),
    remove: () => rm(root, { recursive: true, force: true }),
  };
  const baseFiles = workspace.base as Map<string, FileState>;
  try {
    await mkdir(workspace.dir, { mode: 0o700 });
    await mkdir(workspace.scratch, { mode: 0o700 });
    options.onDirectory?.(workspace.dir);
    const base = await baseRevision(checkout, found.head, options.baseRef);
    const listTree = options.listTree ?? (async (commit: string) => text(await hardenedGit(checkout, ['ls-tree', '-r', '-z', '--full-tree', commit])));
    // The work tree's files and the base revision's control files, from git processes running at once.
    const [files, controlFiles] = await Promise.all([hardenedGit(checkout, ['ls-files', '-z', '--cached', '--others', '--exclude-standard']), base ? baseControlFiles(checkout, base.commit, listTree) : new Map<string, FileState>()]);
    const listed = text(files).split('\0');
    const report: RedactedWorkspaceReport = { files: 0, tokenisedFiles: [], unscanned: [], controlFilesReplaced: [], history: options.history, ...(base ? { baseRevision: base.name } : {}) };
    for (const path of [...new Set(listed)].filter(Boolean).sort()) {
      if (!isSafeRelativePath(path)) continue;
      // Deleted tracked files and submodules (directories) are not copied.
      const state = await readFileState(checkout, path);
      if (isAgentControlPath(path)) {
        if (state && !sameState(state, controlFiles.get(path))) report.controlFilesReplaced.push(path);
      } else if (state) baseFiles.set(path, tokenise(path, state, workspace.vault, report));
    }
    for (const [path, state] of controlFiles) baseFiles.set(path, tokenise(path, state, workspace.vault, report));
    for (const [path, state] of baseFiles) await writeFileState(workspace.dir, path, state);
    report.files = baseFiles.size;
    report.tokenisedFiles.sort();
    if (options.history) await copyHistory(checkout, workspace.dir);
    else await freshRepository(workspace.dir);
    return { workspace, report };
  } catch (error) {
    await workspace.remove();
    throw new Error(`could not prepare the agent's redacted workspace: ${(error as Error).message}`, { cause: error });
  }
}
