/**
 * Finds which documented route template a concrete request path belongs to.
 *
 * Rules (GitHub's router is not public; these follow what its REST docs and clients rely on):
 * - A path is split on `/` and each segment is compared while still percent-encoded, so an
 *   encoded slash (`heads%2Fmain`, how Octokit sends `{ref}`) stays inside one parameter.
 *   Parameter values are returned decoded.
 * - When several templates match, the one with a literal segment where the other has a parameter,
 *   at the first segment where they differ, wins: `/repos/{owner}/{repo}/check-runs` beats a
 *   hypothetical `/repos/{owner}/{repo}/{x}`, `/compare/{base}...{head}` beats `/compare/{basehead}`.
 * - Only if no template matches segment for segment, a parameter GitHub marks as spanning segments
 *   (`x-multi-segment: true` in its description: `{path}`, `{ref}`, `{branch}`, `{basehead}`, ...)
 *   may also take unencoded slashes: `/repos/o/r/contents/docs/a.md`, `/repos/o/r/git/refs/heads/main`.
 *   Templates with more literal segments win there, so `/repos/o/r/commits/feature/x/check-runs` is
 *   the check-runs list of `feature/x`, not the commit `feature/x/check-runs`. This applies to
 *   templates with exactly one such parameter (GitHub has none with more).
 * - The GitHub Enterprise Server prefix `/api/v3` is removed first (Probot's `GHE_HOST`).
 */

export interface RouteTemplate {
  method: string;
  pathTemplate: string;
  /** Path parameters that may contain unencoded slashes. */
  multiSegmentParams: readonly string[];
}

export interface RouteMatch {
  /** Upper case, e.g. `GET`. */
  method: string;
  pathTemplate: string;
  /** Percent-decoded values. */
  pathParams: Record<string, string>;
}

export interface RouteMatcher {
  match(method: string, path: string): RouteMatch | undefined;
}

const GHES_PREFIX = '/api/v3';

/**
 * Answers kept per `METHOD path` (a match or none): a client asks for the same few paths again
 * and again (the token broker reads the same repository, files and mint route per exchange), and
 * comparing a path with every template of its length is most of a request's cost in the world.
 * Bounded: cleared when full, so a long-running world with many paths stays small.
 */
const MATCH_CACHE_SIZE = 4096;

type Segment =
  | { kind: 'literal'; text: string }
  | { kind: 'param'; name: string; greedy: boolean }
  /** A segment mixing literals and parameters, e.g. `{base}...{head}`. */
  | { kind: 'pattern'; regex: RegExp; names: string[] };

interface CompiledTemplate {
  method: string;
  pathTemplate: string;
  segments: Segment[];
  /** Index of the one greedy parameter segment, or -1. */
  greedyIndex: number;
}

/** How specific a segment kind is; higher wins. */
const SPECIFICITY: Record<Segment['kind'], number> = { literal: 2, pattern: 1, param: 0 };

export function createRouteMatcher(routes: Iterable<RouteTemplate>): RouteMatcher {
  const exact = new Map<string, CompiledTemplate[]>();
  const greedy = new Map<string, CompiledTemplate[]>();
  for (const route of routes) {
    const compiled = compileTemplate(route);
    const method = compiled.method;
    const key = `${method} ${compiled.segments.length}`;
    exact.set(key, [...(exact.get(key) ?? []), compiled]);
    if (compiled.greedyIndex >= 0) greedy.set(method, [...(greedy.get(method) ?? []), compiled]);
  }

  const answers = new Map<string, RouteMatch | undefined>();
  const remembered = (found: RouteMatch | undefined): RouteMatch | undefined =>
    found && {
      method: found.method,
      pathTemplate: found.pathTemplate,
      pathParams: { ...found.pathParams },
    };

  return {
    match(method, rawPath) {
      const key = `${method} ${rawPath}`;
      // A copy each time: callers own the answer they get (its pathParams).
      if (answers.has(key)) return remembered(answers.get(key));
      if (answers.size >= MATCH_CACHE_SIZE) answers.clear();
      const found = matchUncached(method, rawPath);
      answers.set(key, found);
      return remembered(found);
    },
  };

  function matchUncached(method: string, rawPath: string): RouteMatch | undefined {
    const upper = method.toUpperCase();
    const path =
      rawPath === GHES_PREFIX || rawPath.startsWith(`${GHES_PREFIX}/`)
        ? rawPath.slice(GHES_PREFIX.length) || '/'
        : rawPath;
    if (!path.startsWith('/')) return undefined;
    const parts = path.slice(1).split('/');

    let best: { template: CompiledTemplate; params: Record<string, string> } | undefined;
    for (const template of exact.get(`${upper} ${parts.length}`) ?? []) {
      const params = matchSegments(template, parts, 1);
      if (params && (!best || compareSpecificity(template, best.template) > 0))
        best = { template, params };
    }
    if (!best) {
      for (const template of greedy.get(upper) ?? []) {
        if (parts.length <= template.segments.length) continue;
        const params = matchSegments(template, parts, parts.length - template.segments.length + 1);
        if (params && (!best || compareGreedy(template, best.template) > 0))
          best = { template, params };
      }
    }
    return (
      best && {
        method: best.template.method,
        pathTemplate: best.template.pathTemplate,
        pathParams: best.params,
      }
    );
  }
}

function compileTemplate(route: RouteTemplate): CompiledTemplate {
  const segments = route.pathTemplate
    .slice(1)
    .split('/')
    .map((text): Segment => {
      const whole = /^\{([^{}]+)\}$/.exec(text);
      if (whole)
        return {
          kind: 'param',
          name: whole[1],
          greedy: route.multiSegmentParams.includes(whole[1]),
        };
      if (!text.includes('{')) return { kind: 'literal', text };
      const names: string[] = [];
      const source = text.replace(/\{([^{}]+)\}|[^{]+/g, (piece, name: string | undefined) => {
        if (name === undefined) return piece.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        names.push(name);
        return '(.+?)';
      });
      return { kind: 'pattern', regex: new RegExp(`^${source}$`), names };
    });
  const greedyIndexes = segments.flatMap((segment, index) =>
    segment.kind === 'param' && segment.greedy ? [index] : [],
  );
  return {
    method: route.method.toUpperCase(),
    pathTemplate: route.pathTemplate,
    segments,
    greedyIndex: greedyIndexes.length === 1 ? greedyIndexes[0] : -1,
  };
}

/**
 * Matches `parts` against a template whose greedy parameter (if `span` > 1) takes `span` segments.
 * A parameter needs a non-empty value, except a greedy one at the end (`/contents/` is the root).
 */
function matchSegments(
  template: CompiledTemplate,
  parts: readonly string[],
  span: number,
): Record<string, string> | undefined {
  const params: Record<string, string> = {};
  let at = 0;
  for (const [index, segment] of template.segments.entries()) {
    const take = index === template.greedyIndex ? span : 1;
    const raw = parts.slice(at, at + take).join('/');
    at += take;
    if (segment.kind === 'literal') {
      if (raw !== segment.text) return undefined;
    } else if (segment.kind === 'param') {
      const last = index === template.segments.length - 1;
      if (raw === '' && !(segment.greedy && last)) return undefined;
      params[segment.name] = decodeSegment(raw);
    } else {
      const found = segment.regex.exec(raw);
      if (!found) return undefined;
      segment.names.forEach((name, i) => (params[name] = decodeSegment(found[i + 1])));
    }
  }
  return params;
}

function decodeSegment(raw: string): string {
  // Most segments (names, numbers, SHAs) hold no escape: decodeURIComponent would return them as they are.
  if (!raw.includes('%')) return raw;
  try {
    return decodeURIComponent(raw);
  } catch {
    // Not valid percent-encoding: GitHub would take the text as it is.
    return raw;
  }
}

/** > 0 if `a` is more specific than `b` at the first segment where their kinds differ. */
function compareSpecificity(a: CompiledTemplate, b: CompiledTemplate): number {
  const length = Math.min(a.segments.length, b.segments.length);
  for (let i = 0; i < length; i++) {
    const difference = SPECIFICITY[a.segments[i].kind] - SPECIFICITY[b.segments[i].kind];
    if (difference !== 0) return difference;
  }
  return 0;
}

/** Among slash-spanning matches, more literal segments win, then `compareSpecificity`. */
function compareGreedy(a: CompiledTemplate, b: CompiledTemplate): number {
  return literalCount(a) - literalCount(b) || compareSpecificity(a, b);
}

function literalCount(template: CompiledTemplate): number {
  return template.segments.filter((segment) => segment.kind === 'literal').length;
}
