import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';

const action = parse(readFileSync('action.yml', 'utf8')) as {
  runs: Record<string, string>;
  inputs: Record<string, { description?: string }>;
  outputs: Record<string, { description?: string }>;
  branding?: unknown;
};
const readme = readFileSync('README.md', 'utf8');

describe('action.yml', () => {
  it('runs on node24 with main, and post on always()', () => {
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/main.js', post: 'dist/post.js', 'post-if': 'always()' });
    expect(action.branding).toBeDefined();
  });

  it('documents every input and output', () => {
    for (const [name, spec] of [...Object.entries(action.inputs), ...Object.entries(action.outputs)]) {
      expect([name, (spec.description ?? '').length > 10]).toEqual([name, true]);
    }
  });

  it('agrees with the README: every input and output is in its table, and the table names nothing else', () => {
    const table = readme.slice(readme.indexOf('<!-- action-inputs:start -->'), readme.indexOf('<!-- action-inputs:end -->'));
    const named = [...table.matchAll(/^\| `([a-z-]+)` \|/gm)].map((m) => m[1]);
    expect(named.sort()).toEqual([...Object.keys(action.inputs), ...Object.keys(action.outputs)].sort());
  });

  it('reads only inputs that action.yml declares', () => {
    const sources = ['src/action/action-settings.ts', 'src/post.ts'].map((f) => readFileSync(f, 'utf8')).join('\n');
    const read = new Set([...sources.matchAll(/getInput\('([a-z-]+)'\)/g)].map((m) => m[1]!));
    for (const name of read) expect([name, name in action.inputs]).toEqual([name, true]);
  });
});
