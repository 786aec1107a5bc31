import { pullsRoutes } from '../../src/world/github/pulls-routes.js';
import type { RouteHandler } from '../../src/world/github/route-types.js';

// TEMPORARY, test-only: the world's `pulls/list-files` and `pulls/list-reviews` answer with empty
// strings where GitHub's OpenAPI description requires URIs (blob_url, raw_url, contents_url;
// html_url, pull_request_url, _links), so every call records OpenAPI violations and fails with
// 500. Reported to the world's owner; until src/world/github/pulls-routes.ts renders real URLs,
// this module (imported before the world starts, so github-server.ts copies the wrapped
// handlers) fills them in. Delete it once the world is fixed.

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null;

function withUris(handler: RouteHandler, fill: (item: Record<string, unknown>, base: string) => void): RouteHandler {
  return (req) => {
    const result = handler(req);
    if (result.status === 200 && Array.isArray(result.body)) {
      const base = `${req.state.apiUrl}/repos/${req.params.owner}/${req.params.repo}/pulls/${req.params.pull_number}`;
      for (const item of result.body) if (isRecord(item)) fill(item, base);
    }
    return result;
  };
}

pullsRoutes['pulls/list-files'] = withUris(pullsRoutes['pulls/list-files']!, (f, base) => {
  for (const key of ['blob_url', 'raw_url', 'contents_url']) if (f[key] === '') f[key] = `${base}/files/${key}/${encodeURIComponent(String(f.filename))}`;
});
pullsRoutes['pulls/list-reviews'] = withUris(pullsRoutes['pulls/list-reviews']!, (r, base) => {
  const html = `${base.replace('/api/v3/repos/', '/')}#pullrequestreview-${String(r.id)}`;
  if (r.html_url === '') r.html_url = html;
  if (r.pull_request_url === '') r.pull_request_url = base;
  r._links = { html: { href: html }, pull_request: { href: base } };
});
