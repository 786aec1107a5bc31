import { randomBytes } from 'node:crypto';
import { githubError, requireRepo, type RouteHandler, type RouteRequest } from './route-types.js';
import { gitSha, type WorldCommit, type WorldRepo } from './world-state.js';

// The Git Data API over the stand-in's commits (https://docs.github.com/en/rest/git). The world
// keeps each commit's whole tree as a path -> content map and no tree objects, so a tree's SHA is
// derived from its files alone: equal trees have equal SHAs, as in git, and a tree SHA is
// resolved by finding a commit of the repository that has it.

/** The SHA of a tree: a function of its paths and contents only. */
export function treeSha(files: ReadonlyMap<string, string>): string {
  const entries = [...files.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return gitSha(`tree\0${JSON.stringify(entries)}`);
}

function filesOfTree(repo: WorldRepo, sha: string): Map<string, string> | undefined {
  for (const commit of repo.commits.values()) if (treeSha(commit.files) === sha) return commit.files;
  return undefined;
}

function renderCommit(req: RouteRequest, repo: WorldRepo, commit: WorldCommit): Record<string, unknown> {
  const api = `${req.state.apiUrl}/repos/${repo.owner.login}/${repo.name}`;
  const web = `${req.state.serverUrl}/${repo.owner.login}/${repo.name}`;
  // The world records no commit dates; schema-fill gives `date` a neutral value.
  const person = { name: commit.author.name, email: commit.author.email };
  const tree = treeSha(commit.files);
  return {
    sha: commit.sha,
    node_id: `C_${commit.sha}`,
    url: `${api}/git/commits/${commit.sha}`,
    html_url: `${web}/commit/${commit.sha}`,
    author: person,
    committer: person,
    message: commit.message,
    tree: { sha: tree, url: `${api}/git/trees/${tree}` },
    parents: commit.parents.map((sha) => ({ sha, url: `${api}/git/commits/${sha}`, html_url: `${web}/commit/${sha}` })),
    verification: { verified: false, reason: 'unsigned', signature: null, payload: null, verified_at: null },
  };
}

/** https://docs.github.com/en/rest/git/commits#get-a-commit-object */
const getCommit: RouteHandler = (req) => {
  const repo = requireRepo(req);
  const commit = repo.commits.get(req.params.commit_sha!);
  return commit ? { status: 200, body: renderCommit(req, repo, commit) } : githubError(404, 'Not Found');
};

/**
 * https://docs.github.com/en/rest/git/commits#create-a-commit: a commit object only; no ref
 * moves until `git/create-ref` or `git/update-ref` points one at it. Without an `author`, GitHub
 * uses the authenticated identity, here always the App's bot (the world has no user tokens).
 */
const createCommit: RouteHandler = (req) => {
  const repo = requireRepo(req);
  const tree = String(req.body.tree);
  const parents = ((req.body.parents as unknown[] | undefined) ?? []).map(String);
  const files = filesOfTree(repo, tree);
  if (!files) return githubError(422, 'Tree SHA does not exist');
  if (parents.some((p) => !repo.commits.has(p))) return githubError(422, 'Parent SHA does not exist or is not a commit object');
  const message = String(req.body.message);
  const given = req.body.author as { name?: string; email?: string } | undefined;
  const bot = req.state.appBot;
  const author: WorldCommit['author'] = given?.name && given.email
    ? { name: given.name, email: given.email }
    : { name: bot.login, email: `${bot.id}+${bot.login}@users.noreply.github.test`, login: bot.login };
  const sha = gitSha(JSON.stringify(['commit', tree, parents, message, author, randomBytes(8).toString('hex')]));
  const commit: WorldCommit = { sha, parents, message, author, files: new Map(files) };
  repo.commits.set(sha, commit);
  return { status: 201, body: renderCommit(req, repo, commit) };
};

export const gitDataRoutes: Record<string, RouteHandler> = {
  'git/get-commit': getCommit,
  'git/create-commit': createCommit,
};
