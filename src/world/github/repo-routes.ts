import { attestationBlobUrl } from './attestation-blob-route.js';
import { renderRepo, renderUser } from './github-objects.js';
import { githubError, requireRepo, type RouteHandler } from './route-types.js';
import { gitSha, type WorldAttestation, type WorldCommit, type WorldRepo } from './world-state.js';
import { refUpdateViolation, tagUpdateViolation } from './ruleset-enforcement.js';

/** A commit named by branch, `heads/x`, `refs/heads/x` or full SHA. */
export function resolveCommit(repo: WorldRepo, ref: string): WorldCommit | undefined {
  const branch = ref.replace(/^refs\//, '').replace(/^heads\//, '');
  const sha = repo.refs.get(`heads/${branch}`) ?? (repo.commits.has(ref) ? ref : undefined);
  return sha ? repo.commits.get(sha) : undefined;
}

const getRepo: RouteHandler = (req) => ({ status: 200, body: renderRepo(req.state, requireRepo(req)) });

/** https://docs.github.com/en/rest/repos/contents#get-repository-content (files only). */
const getContent: RouteHandler = (req) => {
  const repo = requireRepo(req);
  const commit = resolveCommit(repo, req.query.get('ref') ?? repo.defaultBranch);
  const path = req.params.path ?? '';
  const content = commit?.files.get(path);
  if (content === undefined) return githubError(404, 'Not Found');
  // https://docs.github.com/en/rest/repos/contents#get-repository-content (custom media types)
  if (/application\/vnd\.github(\.v3)?\.raw/.test(req.accept)) return { status: 200, raw: { contentType: 'text/plain; charset=utf-8', text: content } };
  const url = `${req.state.apiUrl}/repos/${repo.owner.login}/${repo.name}/contents/${path}`;
  return {
    status: 200,
    body: {
      type: 'file',
      encoding: 'base64',
      size: Buffer.byteLength(content),
      name: path.split('/').pop(),
      path,
      content: Buffer.from(content).toString('base64'),
      sha: gitSha(content),
      url,
      git_url: null,
      html_url: null,
      download_url: null,
      _links: { self: url, git: null, html: null },
    },
  };
};

const getCollaboratorPermission: RouteHandler = (req) => {
  const repo = requireRepo(req);
  const user = req.state.users.get(req.params.username!);
  if (!user) return githubError(404, 'Not Found');
  const role = repo.collaborators.get(user.login);
  // The REST API folds maintain into write and triage into read for `permission`.
  const permission = role === 'maintain' ? 'write' : role === 'triage' ? 'read' : (role ?? 'none');
  return { status: 200, body: { permission, role_name: role ?? 'none', user: { ...renderUser(req.state, user), permissions: { admin: role === 'admin', maintain: role === 'maintain' || role === 'admin', push: permission === 'write' || permission === 'admin', triage: role !== undefined, pull: role !== undefined } } } };
};

const renderRef = (req: Parameters<RouteHandler>[0], repo: WorldRepo, ref: string, sha: string) => ({
  ref: `refs/${ref}`,
  node_id: `REF_${ref}`,
  url: `${req.state.apiUrl}/repos/${repo.owner.login}/${repo.name}/git/refs/${ref}`,
  object: { type: 'commit', sha, url: `${req.state.apiUrl}/repos/${repo.owner.login}/${repo.name}/git/commits/${sha}` },
});

const getRef: RouteHandler = (req) => {
  const repo = requireRepo(req);
  const ref = req.params.ref!;
  const sha = repo.refs.get(ref);
  return sha ? { status: 200, body: renderRef(req, repo, ref, sha) } : githubError(404, 'Not Found');
};

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

/** https://docs.github.com/en/rest/git/refs#update-a-reference: fast-forward unless `force`, and rulesets apply. */
const updateRef: RouteHandler = (req) => {
  const repo = requireRepo(req);
  const ref = req.params.ref!;
  const current = repo.refs.get(ref);
  const sha = String(req.body.sha);
  if (!current) return githubError(422, 'Reference does not exist');
  if (!repo.commits.has(sha)) return githubError(422, 'Object does not exist');
  const fastForward = isAncestor(repo, current, sha);
  if (!fastForward && req.body.force !== true) return githubError(422, 'Update is not a fast forward');
  const violation = ref.startsWith('tags/')
    ? tagUpdateViolation(req.state, repo, ref, { kind: 'update', fastForward, actor: req.caller })
    : refUpdateViolation(req.state, repo, ref, { fastForward, actor: req.caller });
  if (violation) return githubError(422, `Repository rule violations found\n\n${violation}`);
  repo.refs.set(ref, sha);
  return { status: 200, body: renderRef(req, repo, ref, sha) };
};

const createRef: RouteHandler = (req) => {
  const repo = requireRepo(req);
  const ref = String(req.body.ref).replace(/^refs\//, '');
  const sha = String(req.body.sha);
  if (repo.refs.has(ref)) return githubError(422, 'Reference already exists');
  if (!repo.commits.has(sha)) return githubError(422, 'Object does not exist');
  // Branch creation is not ruled here (the model has no `creation` rule for branches); tag rulesets are.
  const violation = ref.startsWith('tags/') ? tagUpdateViolation(req.state, repo, ref, { kind: 'create', fastForward: true, actor: req.caller }) : undefined;
  if (violation) return githubError(422, `Repository rule violations found\n\n${violation}`);
  repo.refs.set(ref, sha);
  return { status: 201, body: renderRef(req, repo, ref, sha) };
};

const createAttestation: RouteHandler = (req) => {
  const repo = requireRepo(req);
  const id = req.state.nextId();
  req.state.attestations.push({ id, repoId: repo.id, bundle: req.body.bundle });
  return { status: 201, body: { id } };
};

/** The `sha256:<hex>` digests of a bundle's in-toto subjects, as GitHub indexes them. */
function subjectDigests(bundle: unknown): string[] {
  try {
    const payload = (bundle as { dsseEnvelope: { payload: string } }).dsseEnvelope.payload;
    const statement = JSON.parse(Buffer.from(payload, 'base64').toString('utf8')) as { subject: { digest: Record<string, string> }[] };
    return statement.subject.flatMap((s) => Object.entries(s.digest).map(([alg, hex]) => `${alg}:${hex}`));
  } catch {
    return [];
  }
}

const listAttestations: RouteHandler = (req) => {
  const repo = requireRepo(req);
  const digest = String(req.params.subject_digest);
  const found = req.state.attestations.filter((a) => a.repoId === repo.id && subjectDigests(a.bundle).includes(digest));
  return { status: 200, body: { attestations: found.map((a) => listedAttestation(req, a)) } };
};

/**
 * One attestation as the list endpoints give it. By reference by default, as GitHub answers since
 * 2026-07-16 for every API version: `"bundle": null`, a pre-signed `bundle_url` serving
 * snappy-compressed JSON (attestation-blob-route.ts) and `"initiator": "user"`, as in the live answers
 * reported in https://github.com/terraform-linters/tflint/pull/2593 and
 * https://github.com/denoland/clawpatrol/issues/769. Inline (the old shape, the bundle itself) when
 * the attestation or `state.attestationDelivery` says so.
 */
function listedAttestation(req: Parameters<RouteHandler>[0], attestation: WorldAttestation): Record<string, unknown> {
  if ((attestation.delivery ?? req.state.attestationDelivery) === 'inline') return { bundle: attestation.bundle, repository_id: attestation.repoId };
  return { bundle: null, bundle_url: attestationBlobUrl(req.state, req.origin, attestation), repository_id: attestation.repoId, initiator: 'user' };
}

export const repoRoutes: Record<string, RouteHandler> = {
  'repos/get': getRepo,
  'repos/get-content': getContent,
  'repos/get-collaborator-permission-level': getCollaboratorPermission,
  'git/get-ref': getRef,
  'git/update-ref': updateRef,
  'git/create-ref': createRef,
  'repos/create-attestation': createAttestation,
  'repos/list-attestations': listAttestations,
};
