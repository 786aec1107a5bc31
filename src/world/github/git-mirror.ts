import { spawn } from 'node:child_process';
import { appendFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { openGitObjectReader, type GitObjectReader } from './git-object-reader.js';
import { UPDATE_HOOK } from './git-push-rules.js';
import { NULL_SHA, type PushedRef } from './push-payload.js';
import type { WorldCommit, WorldRepo } from './world-state.js';

/**
 * The environment every git process of the mirror runs with: no system or global configuration
 * (the machine's git settings cannot change what the world serves), no prompts, C locale.
 * https://git-scm.com/docs/git#_environment_variables
 */
export function mirrorGitEnvironment(): Record<string, string> {
  return { PATH: process.env.PATH ?? '/usr/bin:/bin', GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' };
}

/** A repository's bare mirror, for the duration of `GitMirror.use`. */
export interface MirroredRepo {
  gitDir: string;
  /** The repository's path under the mirror's root, as git http-backend's PATH_INFO starts. */
  pathInfo: string;
  /** Brings what a push changed into the world's model; the ref updates, for `push` webhooks. */
  importPushedRefs(): Promise<PushedRef[]>;
}

export interface GitMirror {
  /** The directory holding every mirrored repository (git http-backend's GIT_PROJECT_ROOT). */
  root: string;
  /** Runs `work` alone on `repo`'s mirror, after bringing the mirror's branches up to the world's. */
  use<T>(repo: WorldRepo, work: (mirror: MirroredRepo) => Promise<T>): Promise<T>;
}

interface MirrorState {
  gitDir: string;
  ready: boolean;
  /** What the mirror's branches point at (`heads/x` -> git SHA), as last synced or read. */
  gitRefs: Map<string, string>;
  worldToGit: Map<string, string>;
  gitToWorld: Map<string, string>;
  queue: Promise<void>;
}

/** Where fast-import builds commits before the branches are pointed at them; deleted at the end. */
const SCRATCH_REF = 'refs/airlock-world/import';

// https://git-scm.com/docs/git-http-backend: receive-pack is served only where enabled. The world
// never repacks behind a request's back.
const MIRROR_CONFIG = '[http]\n\treceivepack = true\n[receive]\n\tautogc = false\n[gc]\n\tauto = 0\n';

function runGit(args: readonly string[], input?: Buffer | string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, { env: mirrorGitEnvironment(), stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => { stderr = (stderr + chunk.toString('utf8')).slice(-2000); });
    child.stdin.on('error', () => undefined); // an early exit is reported by 'close' below
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(Buffer.concat(out));
      else reject(new Error(`git ${args.join(' ').slice(0, 200)} failed (${code}): ${stderr.trim() || 'no message'}`));
    });
    child.stdin.end(input);
  });
}

/** fast-import's C-style path quoting: https://git-scm.com/docs/git-fast-import#_filemodify */
const quotePath = (path: string) => `"${path.replace(/[\\"]/g, '\\$&').replace(/\n/g, '\\n')}"`;

/** An ident line's `Name <email> <seconds> +0000`; `<`, `>` and newlines cannot appear in it. */
function ident(author: WorldCommit['author'], seconds: number): string {
  const clean = (s: string) => s.replace(/[<>\n]/g, '').trim();
  return `${clean(author.name) || 'unknown'} <${clean(author.email)}> ${seconds} +0000`;
}

/** The world's commits the mirror lacks, reachable from `tips`, parents before children. */
function unmappedCommits(repo: WorldRepo, mirror: MirrorState, tips: Iterable<string>): WorldCommit[] {
  const order: WorldCommit[] = [];
  const seen = new Set<string>();
  for (const tip of tips) {
    const stack: [string, boolean][] = [[tip, false]];
    while (stack.length) {
      const [sha, expanded] = stack.pop()!;
      if (expanded) {
        order.push(repo.commits.get(sha)!);
        continue;
      }
      if (seen.has(sha) || mirror.worldToGit.has(sha)) continue;
      seen.add(sha);
      const commit = repo.commits.get(sha);
      if (!commit) throw new Error(`world: ${repo.owner.login}/${repo.name} refers to commit ${sha}, which it does not hold`);
      stack.push([sha, true]);
      for (const parent of commit.parents) stack.push([parent, false]);
    }
  }
  return order;
}

/**
 * A `git fast-import` stream that adds `commits` (each file change relative to its first parent,
 * every distinct content once) and points the branches in `refChanges` at their commits (null:
 * delete). https://git-scm.com/docs/git-fast-import
 */
function fastImportStream(
  repo: WorldRepo,
  mirror: MirrorState,
  commits: WorldCommit[],
  refChanges: [string, string | null][],
  seconds: number,
): { stream: Buffer; marks: Map<string, number> } {
  const out: Buffer[] = [];
  const line = (text: string) => out.push(Buffer.from(`${text}\n`));
  const data = (bytes: Buffer) => {
    line(`data ${bytes.length}`);
    out.push(bytes, Buffer.from('\n'));
  };
  const marks = new Map<string, number>();
  const blobs = new Map<string, number>();
  let next = 1;
  const target = (worldSha: string) => {
    const git = mirror.worldToGit.get(worldSha);
    if (git) return git;
    const mark = marks.get(worldSha);
    if (mark === undefined) throw new Error(`world: ${repo.owner.login}/${repo.name} commit ${worldSha} was not imported before its use`);
    return `:${mark}`;
  };

  for (const commit of commits) {
    const parent = commit.parents[0] ? repo.commits.get(commit.parents[0]) : undefined;
    const before = parent?.files ?? new Map<string, string>();
    const changed = [...commit.files].filter(([path, content]) => before.get(path) !== content);
    for (const [, content] of changed) {
      if (blobs.has(content)) continue;
      blobs.set(content, next);
      line('blob');
      line(`mark :${next++}`);
      data(Buffer.from(content, 'utf8'));
    }
    marks.set(commit.sha, next);
    line(`reset ${SCRATCH_REF}`);
    line(`commit ${SCRATCH_REF}`);
    line(`mark :${next++}`);
    line(`author ${ident(commit.author, seconds)}`);
    line(`committer ${ident(commit.author, seconds)}`);
    data(Buffer.from(commit.message.endsWith('\n') ? commit.message : `${commit.message}\n`, 'utf8'));
    commit.parents.forEach((p, i) => line(`${i === 0 ? 'from' : 'merge'} ${target(p)}`));
    for (const path of before.keys()) if (!commit.files.has(path)) line(`D ${quotePath(path)}`);
    for (const [path, content] of changed) line(`M 100644 :${blobs.get(content)} ${quotePath(path)}`);
    line('');
  }
  for (const [ref, sha] of refChanges) {
    line(`reset refs/${ref}`);
    line(`from ${sha === null ? NULL_SHA : target(sha)}`);
    line('');
  }
  if (commits.length) {
    line(`reset ${SCRATCH_REF}`);
    line(`from ${NULL_SHA}`);
    line('');
  }
  return { stream: Buffer.concat(out), marks };
}

async function listBranches(gitDir: string): Promise<Map<string, string>> {
  const out = await runGit(['--git-dir', gitDir, 'for-each-ref', '--format=%(objectname) %(refname)', 'refs/heads/']);
  const refs = new Map<string, string>();
  for (const row of out.toString('utf8').split('\n')) {
    const space = row.indexOf(' ');
    if (space > 0) refs.set(row.slice(space + 1).replace(/^refs\//, ''), row.slice(0, space));
  }
  return refs;
}

/** A tree's files, path -> content, read recursively; submodules are left out (the world models files only). */
async function treeFiles(reader: GitObjectReader, sha: string, cache: { trees: Map<string, Map<string, string>>; blobs: Map<string, string> }): Promise<Map<string, string>> {
  const cached = cache.trees.get(sha);
  if (cached) return cached;
  const { content } = await reader.read(sha);
  const files = new Map<string, string>();
  // Tree entries: `<mode> SP <name> NUL <20-byte id>`. https://git-scm.com/book/en/v2/Git-Internals-Git-Objects
  for (let i = 0; i < content.length; ) {
    const space = content.indexOf(0x20, i);
    const nul = content.indexOf(0, space);
    const mode = content.subarray(i, space).toString('ascii');
    const name = content.subarray(space + 1, nul).toString('utf8');
    const id = content.subarray(nul + 1, nul + 21).toString('hex');
    i = nul + 21;
    if (mode === '40000') {
      for (const [path, text] of await treeFiles(reader, id, cache)) files.set(`${name}/${path}`, text);
    } else if (mode !== '160000') {
      let text = cache.blobs.get(id);
      if (text === undefined) {
        text = (await reader.read(id)).content.toString('utf8');
        cache.blobs.set(id, text);
      }
      files.set(name, text);
    }
  }
  cache.trees.set(sha, files);
  return files;
}

/** A pushed commit as the world models it; its SHA is git's, its parents the world's names for them. */
async function readPushedCommit(reader: GitObjectReader, sha: string, mirror: MirrorState, cache: Parameters<typeof treeFiles>[2]): Promise<WorldCommit> {
  const object = await reader.read(sha);
  if (object.type !== 'commit') throw new Error(`git object ${sha} is a ${object.type}, not a commit`);
  const text = object.content.toString('utf8');
  const split = text.indexOf('\n\n');
  const headers = (split < 0 ? text : text.slice(0, split)).split('\n');
  const message = split < 0 ? '' : text.slice(split + 2).replace(/\n$/, '');
  const tree = headers.find((h) => h.startsWith('tree '))?.slice(5);
  if (!tree) throw new Error(`git commit ${sha} has no tree`);
  const parents = headers.filter((h) => h.startsWith('parent ')).map((h) => {
    const world = mirror.gitToWorld.get(h.slice(7));
    if (!world) throw new Error(`git commit ${sha} has parent ${h.slice(7)}, which the world does not hold`);
    return world;
  });
  const who = /^author (.*?) <([^>]*)> \d+ [+-]\d{4}$/.exec(headers.find((h) => h.startsWith('author ')) ?? '');
  return { sha, parents, message, author: { name: who?.[1] ?? 'unknown', email: who?.[2] ?? '' }, files: new Map(await treeFiles(reader, tree, cache)) };
}

function isAncestor(repo: WorldRepo, ancestor: string, of: string): boolean {
  const seen = new Set<string>();
  const queue = [of];
  while (queue.length) {
    const sha = queue.pop()!;
    if (sha === ancestor) return true;
    if (seen.has(sha)) continue;
    seen.add(sha);
    queue.push(...(repo.commits.get(sha)?.parents ?? []));
  }
  return false;
}

/**
 * Bare git repositories standing for the world's in-memory repositories, for git smart HTTP.
 * The world's model stays the truth for the REST API: before each git request the mirror takes in
 * the commits and branch moves made through the API (one `git fast-import` per sync, none when
 * nothing moved); after a push, the pushed commits (whose SHAs are git's) and branch updates go
 * back into the model. Only branches (`refs/heads/*`) cross between the two; tags and other refs
 * pushed over git stay in the mirror. Each repository is mirrored under `<root>/<repo id>.git`, so
 * no name from a request reaches a path. Requests on one repository run one at a time.
 */
export function createGitMirror(options: { root: string; clock: () => number }): GitMirror {
  const mirrors = new Map<number, MirrorState>();

  const link = (mirror: MirrorState, world: string, git: string) => {
    mirror.worldToGit.set(world, git);
    mirror.gitToWorld.set(git, world);
  };

  async function init(repo: WorldRepo, mirror: MirrorState): Promise<void> {
    await mkdir(options.root, { recursive: true });
    await runGit(['init', '--quiet', '--bare', `--initial-branch=${repo.defaultBranch}`, mirror.gitDir]);
    await appendFile(join(mirror.gitDir, 'config'), MIRROR_CONFIG);
    await writeFile(join(mirror.gitDir, 'hooks', 'update'), UPDATE_HOOK, { mode: 0o755 });
    mirror.ready = true;
  }

  async function sync(repo: WorldRepo, mirror: MirrorState): Promise<void> {
    const wanted = new Map([...repo.refs].filter(([ref]) => ref.startsWith('heads/')));
    const commits = unmappedCommits(repo, mirror, wanted.values());
    const refChanges: [string, string | null][] = [];
    for (const [ref, sha] of wanted) if (mirror.gitRefs.get(ref) !== mirror.worldToGit.get(sha)) refChanges.push([ref, sha]);
    for (const ref of mirror.gitRefs.keys()) if (!wanted.has(ref)) refChanges.push([ref, null]);
    if (!commits.length && !refChanges.length) return;

    const { stream, marks } = fastImportStream(repo, mirror, commits, refChanges, Math.floor(options.clock() / 1000));
    const marksFile = join(mirror.gitDir, 'airlock-world-import.marks');
    await runGit(['--git-dir', mirror.gitDir, 'fast-import', '--quiet', '--force', `--export-marks=${marksFile}`], stream);
    const byMark = new Map<number, string>();
    for (const row of (await readFile(marksFile, 'utf8')).split('\n')) {
      const [mark, sha] = row.split(' ');
      if (mark && sha) byMark.set(Number(mark.slice(1)), sha);
    }
    for (const commit of commits) link(mirror, commit.sha, byMark.get(marks.get(commit.sha)!)!);
    for (const [ref, sha] of refChanges) {
      if (sha === null) mirror.gitRefs.delete(ref);
      else mirror.gitRefs.set(ref, mirror.worldToGit.get(sha)!);
    }
  }

  async function importPushedRefs(repo: WorldRepo, mirror: MirrorState): Promise<PushedRef[]> {
    const after = await listBranches(mirror.gitDir);
    const changed = [...new Set([...after.keys(), ...mirror.gitRefs.keys()])].filter((ref) => after.get(ref) !== mirror.gitRefs.get(ref));
    if (!changed.length) return [];
    const tips = changed.map((ref) => after.get(ref)).filter((sha): sha is string => sha !== undefined && !mirror.gitToWorld.has(sha));
    const imported: WorldCommit[] = [];
    if (tips.length) {
      const revisions = [...tips, ...[...mirror.gitRefs.values()].map((sha) => `^${sha}`)].join('\n') + '\n';
      const listed = (await runGit(['--git-dir', mirror.gitDir, 'rev-list', '--topo-order', '--reverse', '--stdin'], revisions)).toString('utf8');
      const reader = openGitObjectReader(mirror.gitDir, mirrorGitEnvironment());
      const cache = { trees: new Map<string, Map<string, string>>(), blobs: new Map<string, string>() };
      try {
        for (const sha of listed.split('\n')) {
          if (!sha || mirror.gitToWorld.has(sha)) continue;
          const commit = await readPushedCommit(reader, sha, mirror, cache);
          repo.commits.set(sha, commit);
          link(mirror, sha, sha);
          imported.push(commit);
        }
      } finally {
        await reader.close();
      }
    }

    const importedShas = new Set(imported.map((c) => c.sha));
    const updates: PushedRef[] = [];
    for (const ref of changed) {
      const beforeGit = mirror.gitRefs.get(ref);
      const afterGit = after.get(ref);
      const before = beforeGit === undefined ? NULL_SHA : mirror.gitToWorld.get(beforeGit)!;
      const afterWorld = afterGit === undefined ? NULL_SHA : mirror.gitToWorld.get(afterGit);
      if (afterWorld === undefined) throw new Error(`world: a push moved ${ref} of ${repo.owner.login}/${repo.name} to ${afterGit}, which is not a commit`);
      // A branch the REST API moved while this push was under way ends where the push put it.
      if (afterWorld === NULL_SHA) repo.refs.delete(ref);
      else repo.refs.set(ref, afterWorld);
      if (afterGit === undefined) mirror.gitRefs.delete(ref);
      else mirror.gitRefs.set(ref, afterGit);
      const reachable = new Set<string>();
      for (const queue = afterWorld === NULL_SHA ? [] : [afterWorld]; queue.length; ) {
        const sha = queue.pop()!;
        if (reachable.has(sha) || !importedShas.has(sha)) continue;
        reachable.add(sha);
        queue.push(...repo.commits.get(sha)!.parents);
      }
      updates.push({
        repo,
        ref: `refs/${ref}`,
        before,
        after: afterWorld,
        commits: imported.filter((c) => reachable.has(c.sha)),
        forced: before !== NULL_SHA && afterWorld !== NULL_SHA && !isAncestor(repo, before, afterWorld),
      });
    }
    return updates;
  }

  return {
    root: options.root,
    use(repo, work) {
      let mirror = mirrors.get(repo.id);
      if (!mirror) {
        mirror = { gitDir: join(options.root, `${repo.id}.git`), ready: false, gitRefs: new Map(), worldToGit: new Map(), gitToWorld: new Map(), queue: Promise.resolve() };
        mirrors.set(repo.id, mirror);
      }
      const state = mirror;
      const run = state.queue.then(async () => {
        if (!state.ready) await init(repo, state);
        await sync(repo, state);
        return work({ gitDir: state.gitDir, pathInfo: `/${repo.id}.git`, importPushedRefs: () => importPushedRefs(repo, state) });
      });
      state.queue = run.then(() => undefined, () => undefined);
      return run;
    },
  };
}
