import { githubError, requireRepo, type RouteHandler } from './route-types.js';

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** https://docs.github.com/en/rest/repos/rules */
const renderRuleset = (state: Parameters<RouteHandler>[0]['state'], r: { id: number; repoId: number; body: Record<string, unknown>; createdAt: string; updatedAt: string }, repoFullName: string) => ({
  id: r.id,
  name: r.body.name,
  target: r.body.target ?? 'branch',
  source_type: 'Repository',
  source: repoFullName,
  enforcement: r.body.enforcement,
  bypass_actors: r.body.bypass_actors ?? [],
  conditions: r.body.conditions ?? null,
  rules: r.body.rules ?? [],
  node_id: `RRS_${r.id}`,
  created_at: r.createdAt,
  updated_at: r.updatedAt,
  _links: { self: { href: `${state.apiUrl}/repos/${repoFullName}/rulesets/${r.id}` } },
});

const listRulesets: RouteHandler = (req) => {
  const repo = requireRepo(req);
  const name = `${repo.owner.login}/${repo.name}`;
  return { status: 200, body: req.state.rulesets.filter((r) => r.repoId === repo.id).map((r) => renderRuleset(req.state, r, name)) };
};

const getRuleset: RouteHandler = (req) => {
  const repo = requireRepo(req);
  const r = req.state.rulesets.find((x) => x.repoId === repo.id && x.id === Number(req.params.ruleset_id));
  return r ? { status: 200, body: renderRuleset(req.state, r, `${repo.owner.login}/${repo.name}`) } : githubError(404, 'Not Found');
};

const createRuleset: RouteHandler = (req) => {
  const repo = requireRepo(req);
  const now = iso(req.state.clock());
  const r = { id: req.state.nextId(), repoId: repo.id, body: req.body, createdAt: now, updatedAt: now };
  req.state.rulesets.push(r);
  return { status: 201, body: renderRuleset(req.state, r, `${repo.owner.login}/${repo.name}`) };
};

const updateRuleset: RouteHandler = (req) => {
  const repo = requireRepo(req);
  const r = req.state.rulesets.find((x) => x.repoId === repo.id && x.id === Number(req.params.ruleset_id));
  if (!r) return githubError(404, 'Not Found');
  r.body = { ...r.body, ...req.body };
  r.updatedAt = iso(req.state.clock());
  return { status: 200, body: renderRuleset(req.state, r, `${repo.owner.login}/${repo.name}`) };
};

const deleteRuleset: RouteHandler = (req) => {
  const repo = requireRepo(req);
  const before = req.state.rulesets.length;
  req.state.rulesets = req.state.rulesets.filter((x) => !(x.repoId === repo.id && x.id === Number(req.params.ruleset_id)));
  return before === req.state.rulesets.length ? githubError(404, 'Not Found') : { status: 204 };
};

const protectionKey = (req: Parameters<RouteHandler>[0]) => {
  const repo = requireRepo(req);
  return `${repo.owner.login}/${repo.name}:${req.params.branch}`.toLowerCase();
};

const getProtection: RouteHandler = (req) => {
  const p = req.state.branchProtections.get(protectionKey(req));
  return p ? { status: 200, body: { url: '', ...p } } : githubError(404, 'Branch not protected');
};

const putProtection: RouteHandler = (req) => {
  req.state.branchProtections.set(protectionKey(req), req.body);
  return { status: 200, body: { url: '', ...req.body } };
};

const deleteProtection: RouteHandler = (req) =>
  req.state.branchProtections.delete(protectionKey(req)) ? { status: 204 } : githubError(404, 'Branch not protected');

export const protectionRoutes: Record<string, RouteHandler> = {
  'repos/get-repo-rulesets': listRulesets,
  'repos/get-repo-ruleset': getRuleset,
  'repos/create-repo-ruleset': createRuleset,
  'repos/update-repo-ruleset': updateRuleset,
  'repos/delete-repo-ruleset': deleteRuleset,
  'repos/get-branch-protection': getProtection,
  'repos/update-branch-protection': putProtection,
  'repos/delete-branch-protection': deleteProtection,
};
