import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { git, scratchDirs } from '../support/scratch-git.js';
import { prepareRedactedWorkspace } from '../../src/action/redacted-workspace.js';

const temp = scratchDirs();

async function prepare(checkout: string, baseRef?: string) {
  const seen: { dir: string; entries: string[] }[] = [];
  const prepared = await prepareRedactedWorkspace({ workingDirectory: checkout, tempDir: temp('airlock-runner-temp-'), history: false, ...(baseRef ? { baseRef } : {}), onDirectory: (dir) => seen.push({ dir, entries: readdirSync(dir) }) });
  return { prepared: prepared!, seen };
}

// The copy's git work before the agent: one rev-parse finds the top level and HEAD's commit (issue 16 item 3).
describe('the redacted copy: base revision and directory', () => {
  it('takes agent control files from origin/<base> when the runner fetched it, else from HEAD; tells its directory, still empty, first', async () => {
    const checkout = temp('airlock-checkout-');
    writeFileSync(join(checkout, 'AGENTS.md'), 'base rules\n');
    git(checkout, 'init', '-q');
    git(checkout, 'add', '-A');
    git(checkout, 'commit', '-qm', 'base');
    git(checkout, 'update-ref', 'refs/remotes/origin/main', 'HEAD');
    writeFileSync(join(checkout, 'AGENTS.md'), 'head rules\n');
    git(checkout, 'commit', '-qam', 'head');
    writeFileSync(join(checkout, 'AGENTS.md'), 'working tree rules\n');

    const onBase = await prepare(checkout, 'main');
    expect(onBase.prepared.report.baseRevision).toBe('origin/main');
    expect(readFileSync(join(onBase.prepared.workspace.dir, 'AGENTS.md'), 'utf8')).toBe('base rules\n');
    expect(onBase.seen).toEqual([{ dir: onBase.prepared.workspace.dir, entries: [] }]);

    const onHead = await prepare(checkout, 'no-such-branch');
    expect(onHead.prepared.report.baseRevision).toBe('HEAD');
    expect(readFileSync(join(onHead.prepared.workspace.dir, 'AGENTS.md'), 'utf8')).toBe('head rules\n');
    expect(onHead.prepared.report.controlFilesReplaced).toEqual(['AGENTS.md']);
  });

  it('a repository without commits: a copy with no base revision and no control file', async () => {
    const checkout = temp('airlock-empty-');
    git(checkout, 'init', '-q');
    writeFileSync(join(checkout, 'AGENTS.md'), 'uncommitted rules\n');
    writeFileSync(join(checkout, 'notes.txt'), 'hello\n');
    const { prepared } = await prepare(checkout);
    expect(prepared.report.baseRevision).toBeUndefined();
    expect(readdirSync(prepared.workspace.dir).sort()).toEqual(['.git', 'notes.txt']);
  });

  it('outside a checkout: no copy, and nothing told', async () => {
    const { prepared, seen } = await prepare(temp('airlock-plain-'));
    expect(prepared).toBeUndefined();
    expect(seen).toEqual([]);
  });
});
