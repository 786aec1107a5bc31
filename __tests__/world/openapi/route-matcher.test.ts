import { describe, expect, it } from '@jest/globals';
import {
  createRouteMatcher,
  type RouteTemplate,
} from '../../../src/world/openapi/route-matcher.js';

const route = (
  method: string,
  pathTemplate: string,
  multiSegmentParams: string[] = [],
): RouteTemplate => ({ method, pathTemplate, multiSegmentParams });

describe('createRouteMatcher', () => {
  it('prefers a literal segment over a parameter, whatever the order of the templates', () => {
    for (const routes of [
      [
        route('GET', '/repos/{owner}/{repo}/{section}'),
        route('GET', '/repos/{owner}/{repo}/check-runs'),
      ],
      [
        route('GET', '/repos/{owner}/{repo}/check-runs'),
        route('GET', '/repos/{owner}/{repo}/{section}'),
      ],
    ]) {
      const matcher = createRouteMatcher(routes);
      expect(matcher.match('GET', '/repos/acme/widgets/check-runs')).toEqual({
        method: 'GET',
        pathTemplate: '/repos/{owner}/{repo}/check-runs',
        pathParams: { owner: 'acme', repo: 'widgets' },
      });
      expect(matcher.match('GET', '/repos/acme/widgets/issues')?.pathParams).toEqual({
        owner: 'acme',
        repo: 'widgets',
        section: 'issues',
      });
    }
  });

  it('decides at the first segment where templates differ', () => {
    const matcher = createRouteMatcher([route('GET', '/a/{x}/c'), route('GET', '/{y}/b/c')]);
    expect(matcher.match('GET', '/a/b/c')?.pathTemplate).toBe('/a/{x}/c');
  });

  it('matches segments that mix literals and parameters, ahead of a plain parameter', () => {
    const matcher = createRouteMatcher([
      route('GET', '/compare/{basehead}', ['basehead']),
      route('GET', '/compare/{base}...{head}'),
    ]);
    expect(matcher.match('GET', '/compare/main...fix%2Fbug')).toEqual({
      method: 'GET',
      pathTemplate: '/compare/{base}...{head}',
      pathParams: { base: 'main', head: 'fix/bug' },
    });
    expect(matcher.match('GET', '/compare/main..dev')?.pathTemplate).toBe('/compare/{basehead}');
  });

  it('lets only multi-segment parameters span unencoded slashes', () => {
    const matcher = createRouteMatcher([
      route('GET', '/contents/{path}', ['path']),
      route('GET', '/issues/{number}'),
    ]);
    expect(matcher.match('GET', '/contents/docs/guide/a.md')?.pathParams).toEqual({
      path: 'docs/guide/a.md',
    });
    expect(matcher.match('GET', '/issues/1/extra')).toBeUndefined();
  });

  it('prefers a segment-for-segment match over a spanning one', () => {
    const matcher = createRouteMatcher([
      route('PATCH', '/refs/{ref}', ['ref']),
      route('PATCH', '/refs/{ref}/lock', ['ref']),
    ]);
    expect(matcher.match('PATCH', '/refs/main/lock')).toMatchObject({
      pathTemplate: '/refs/{ref}/lock',
      pathParams: { ref: 'main' },
    });
    expect(matcher.match('PATCH', '/refs/heads/main')).toMatchObject({
      pathTemplate: '/refs/{ref}',
      pathParams: { ref: 'heads/main' },
    });
  });

  it('among spanning matches, prefers the template with more literal segments', () => {
    const matcher = createRouteMatcher([
      route('GET', '/commits/{ref}', ['ref']),
      route('GET', '/commits/{ref}/check-runs', ['ref']),
    ]);
    expect(matcher.match('GET', '/commits/feature/x/check-runs')).toMatchObject({
      pathTemplate: '/commits/{ref}/check-runs',
      pathParams: { ref: 'feature/x' },
    });
    expect(matcher.match('GET', '/commits/feature/x')).toMatchObject({
      pathTemplate: '/commits/{ref}',
      pathParams: { ref: 'feature/x' },
    });
  });

  it('does not span slashes in a template with two multi-segment parameters', () => {
    const matcher = createRouteMatcher([route('GET', '/x/{a}/{b}', ['a', 'b'])]);
    expect(matcher.match('GET', '/x/1/2')?.pathParams).toEqual({ a: '1', b: '2' });
    expect(matcher.match('GET', '/x/1/2/3')).toBeUndefined();
  });

  it('decodes parameters and keeps malformed percent-encoding as sent', () => {
    const matcher = createRouteMatcher([route('GET', '/refs/{ref}', ['ref'])]);
    expect(matcher.match('GET', '/refs/heads%2Fmain')?.pathParams).toEqual({ ref: 'heads/main' });
    expect(matcher.match('GET', '/refs/100%')?.pathParams).toEqual({ ref: '100%' });
  });

  it('needs a value for every parameter except a trailing multi-segment one', () => {
    const matcher = createRouteMatcher([route('GET', '/repos/{owner}/contents/{path}', ['path'])]);
    expect(matcher.match('GET', '/repos/acme/contents/')?.pathParams).toEqual({
      owner: 'acme',
      path: '',
    });
    expect(matcher.match('GET', '/repos//contents/a')).toBeUndefined();
  });

  it('strips the GHES prefix /api/v3, compares methods without case, and needs a leading slash', () => {
    const matcher = createRouteMatcher([route('get', '/app'), route('GET', '/')]);
    expect(matcher.match('get', '/api/v3/app')).toEqual({
      method: 'GET',
      pathTemplate: '/app',
      pathParams: {},
    });
    expect(matcher.match('GET', '/api/v3')?.pathTemplate).toBe('/');
    expect(matcher.match('GET', '/api/v3x/app')).toBeUndefined();
    expect(matcher.match('POST', '/app')).toBeUndefined();
    expect(matcher.match('GET', 'app')).toBeUndefined();
  });
  it('answers a path asked again the same, whatever the caller did with the first answer', () => {
    const matcher = createRouteMatcher([route('GET', '/repos/{owner}/{repo}')]);
    const first = matcher.match('GET', '/repos/acme/widgets');
    first!.pathParams.repo = 'changed';
    expect(matcher.match('GET', '/repos/acme/widgets')).toEqual({
      method: 'GET',
      pathTemplate: '/repos/{owner}/{repo}',
      pathParams: { owner: 'acme', repo: 'widgets' },
    });
    expect(matcher.match('GET', '/repos/acme')).toBeUndefined();
    expect(matcher.match('GET', '/repos/acme')).toBeUndefined();
  });
});
