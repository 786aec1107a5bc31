import { describe, expect, it } from '@jest/globals';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { git, scratchDirs } from '../support/scratch-git.js';
import { prepareRedactedWorkspace } from '../../src/action/redacted-workspace.js';
import { treeListing } from '../../src/action/tree-listing.js';
import { snapshotBase } from '../../src/attest/work-tree-changes.js';

const temp = scratchDirs();

// An attested run's base snapshot and its redacted copy read HEAD's tree from one `git ls-tree` (issue 16 item 3).
describe('a tree listing shared by the base snapshot and the redacted copy', () => {
  it('gives both what each reads alone, listing each commit once', async () => {
    const checkout = temp('airlock-checkout-');
    writeFileSync(join(checkout, 'AGENTS.md'), 'head rules\n');
    writeFileSync(join(checkout, 'app.js'), 'console.log(1)\n');
    git(checkout, 'init', '-q');
    git(checkout, 'add', '-A');
    git(checkout, 'commit', '-qm', 'head');
    writeFileSync(join(checkout, 'AGENTS.md'), 'working tree rules\n');

    const listed: string[] = [];
    const shared = treeListing(checkout);
    const listTree = (commit: string) => (listed.push(commit), shared(commit));
    const [base, prepared] = await Promise.all([snapshotBase(checkout, listTree), prepareRedactedWorkspace({ workingDirectory: checkout, tempDir: temp('airlock-runner-temp-'), history: false, listTree })]);

    expect(base).toEqual(await snapshotBase(checkout));
    expect([...base!.blobs.keys()].sort()).toEqual(['AGENTS.md', 'app.js']);
    // The copy's control file is HEAD's, from the shared listing.
    expect(prepared!.report.controlFilesReplaced).toEqual(['AGENTS.md']);
    expect(readFileSync(join(prepared!.workspace.dir, 'AGENTS.md'), 'utf8')).toBe('head rules\n');
    // Both asked for HEAD's tree, and got one answer.
    expect(listed).toEqual([base!.commit, base!.commit]);
    expect(shared(base!.commit)).toBe(shared(base!.commit));
  });

  it("fails with git's message when the commit cannot be listed", async () => {
    const checkout = temp('airlock-checkout-');
    git(checkout, 'init', '-q');
    const listing = treeListing(checkout)('0'.repeat(40));
    await expect(listing).rejects.toThrow(/^git ls-tree failed/);
  });
});
