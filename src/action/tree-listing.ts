import { hardenedGit } from '../git/hardened-git.js';

/** `git ls-tree -r -z --full-tree <commit>`'s output: every path of the commit's tree with its mode, type and object id. */
export type TreeListing = (commit: string) => Promise<string>;

/**
 * One `git ls-tree` per commit for the whole run: an attested run reads HEAD's tree for the
 * attestation's base snapshot and, when HEAD is the base revision, for the agent control files of
 * its redacted copy; each process launch blocks this thread for a while (issue 16 item 3).
 * A commit's tree cannot change, so the shared answer is the one each would have read.
 */
export function treeListing(cwd: string): TreeListing {
  const listed = new Map<string, Promise<string>>();
  return (commit) => {
    let listing = listed.get(commit);
    if (!listing) {
      listing = hardenedGit(cwd, ['ls-tree', '-r', '-z', '--full-tree', commit]).then((out) => out.toString('utf8'));
      listed.set(commit, listing);
    }
    return listing;
  };
}
