import { describe, expect, it } from '@jest/globals';
import { isProtectedBranch, DEFAULT_CONFIG } from '../../app/config/airlock-config.js';
import { compileEgressPolicy, DEFAULT_EGRESS_LIMITS } from '../../src/egress/egress-policy.js';
import { AllowList } from '../../src/scan/allow-list.js';
import { globToRegExp } from '../../src/glob/glob-to-regexp.js';

const matches = (glob: string, path: string, baseName = false) => globToRegExp(glob, { baseName }).test(path);

describe('globToRegExp (picomatch, one set of options)', () => {
  it('reads * within a segment, ** across segments and ? as one character', () => {
    expect(matches('release/*', 'release/1.0')).toBe(true);
    expect(matches('release/*', 'release/1/0')).toBe(false);
    expect(matches('release/**', 'release/1/0')).toBe(true);
    expect(matches('/repos/*/*/pulls/**', '/repos/o/r/pulls/1/files')).toBe(true);
    expect(matches('/repos/*/*/pulls/**', '/repos/o/r/issues/1')).toBe(false);
    expect(matches('v?', 'v1')).toBe(true);
    expect(matches('v?', 'v/')).toBe(false);
  });

  it('reads ** inside a segment as *, as GitHub ruleset fnmatch does', () => {
    expect(matches('release**', 'release-1')).toBe(true);
    expect(matches('release**', 'release/1')).toBe(false);
  });

  it('matches names starting with a dot but never a . or .. segment', () => {
    expect(matches('**/*.lock', '.github/deps.lock')).toBe(true);
    expect(matches('/repos/*/issues', '/repos/../issues')).toBe(false);
    expect(matches('/a/**', '/a/../b')).toBe(false);
  });

  it('keeps !, braces, extglobs and parentheses literal and honours classes and escapes', () => {
    expect(matches('!main', 'main')).toBe(false);
    expect(matches('!main', '!main')).toBe(true);
    expect(matches('*.{js,ts}', 'a.js')).toBe(false);
    expect(matches('*.{js,ts}', 'a.{js,ts}')).toBe(true);
    expect(matches('+(a)', 'a')).toBe(false);
    expect(matches('app/(group)/**', 'app/(group)/page.tsx')).toBe(true);
    expect(matches('app/(group)/**', 'app/group/page.tsx')).toBe(false);
    expect(matches('(a|b)', 'a')).toBe(false);
    expect(matches('release/[0-9]*', 'release/1.2')).toBe(true);
    expect(matches('release/[0-9]*', 'release/x')).toBe(false);
    expect(matches('a\\*', 'a*')).toBe(true);
    expect(matches('a\\*', 'ab')).toBe(false);
    expect(matches('a.b', 'axb')).toBe(false);
  });

  it('with baseName, a glob without / matches the last segment at any depth', () => {
    expect(matches('*.lock', 'a/b/yarn.lock', true)).toBe(true);
    expect(matches('*.lock', 'yarn.lock', true)).toBe(true);
    expect(matches('*.lock', 'a/b/yarn.lock')).toBe(false);
    expect(matches('testdata/*', 'x/testdata/a', true)).toBe(false);
  });

  it('refuses an invalid or empty glob with one line naming it', () => {
    for (const bad of ['[z-a]', 'a\\', '']) {
      expect(() => globToRegExp(bad)).toThrow(expect.objectContaining({ code: 'invalid_glob' }));
    }
    expect(() => globToRegExp('[z-a]')).toThrow(/^glob "\[z-a\]" is not valid \([^\n]+\); escape/);
  });
});

describe('the same glob means the same in egress, scanner and config', () => {
  const glob = 'release/**';
  const egress = compileEgressPolicy({ ...DEFAULT_EGRESS_LIMITS, hosts: [{ host: 'api.test', paths: [`/${glob}`] }] });
  const allowList = new AllowList({ paths: [glob] });
  const config = { ...DEFAULT_CONFIG, protectedBranches: [glob] };
  it.each([
    ['release/1', true],
    ['release/1/2', true],
    ['release/.hidden', true],
    ['releases/1', false],
    ['x/release/1', false],
  ])('%s: %s', (path, expected) => {
    expect(egress.rules[0]!.paths!.some((re) => re.test(`/${path}`))).toBe(expected);
    expect(allowList.allowsPath(path)).toBe(expected);
    expect(isProtectedBranch(config, path, 'main')).toBe(expected);
  });

  it('an invalid pattern is refused by egress, never skips a scanned file, and protects every branch', () => {
    expect(() => compileEgressPolicy({ ...DEFAULT_EGRESS_LIMITS, hosts: [{ host: 'api.test', paths: ['/[z-a]'] }] })).toThrow(
      expect.objectContaining({ code: 'invalid-path', message: expect.stringMatching(/^path rule: glob "\/\[z-a\]" is not valid/) }),
    );
    expect(() => new AllowList({ paths: ['[z-a]'] })).toThrow(expect.objectContaining({ code: 'invalid_glob' }));
    expect(isProtectedBranch({ ...DEFAULT_CONFIG, protectedBranches: ['[z-a]'] }, 'feature/x', 'main')).toBe(true);
  });
});
