import type { Context } from 'probot';
import { claimGateCheck, findFreshHeadRecords, recordGateCheckId, type GateCheckKey } from '../../src/store/gate-check-runs.js';
import type { Queryable } from '../../src/store/database.js';
import { findGateCheck, GATE_CHECK_NAME, writeGateCheck, type CommitRef, type ExistingGateCheck, type GateCheckContent } from './gate-check.js';

type Octokit = Context['octokit'];

/** Where the gate records the check runs it created (src/store/gate-check-runs.ts). */
export interface GateCheckRecords {
  db: Queryable;
  clock: () => number;
}

/** A head commit's check run as the gate finds and writes it: the commit, its repository (by id), this App, and the delivery at work. */
export interface GateCheckTarget {
  ref: CommitRef;
  repositoryId: number;
  slug: string;
  deliveryId: string;
}

const keyOf = (t: GateCheckTarget): GateCheckKey => ({ repositoryId: t.repositoryId, headSha: t.ref.sha, name: GATE_CHECK_NAME });

/**
 * This App's `Airlock` check run of the head commit, if any. A head commit just pushed
 * (`freshHead`: a `synchronize`) that the App recorded no run for has none, and GitHub is not
 * asked: every run the gate creates is claimed in the database first (writeGateCheckOnce). Any
 * other event, or a recorded claim, is looked up on GitHub as before: runs created before the
 * records existed, and a claim whose create may have reached GitHub, are found there.
 * `freshHead.claim`: the caller will write the head's run whatever it decides, so the read also
 * claims it (`claimed`; writeGateCheckOnce then does not claim again): one statement, not two.
 * https://docs.github.com/en/rest/checks/runs#list-check-runs-for-a-git-reference
 */
export async function existingGateCheck(
  octokit: Octokit,
  records: GateCheckRecords,
  target: GateCheckTarget,
  freshHead: { pullNumber: number; claim: boolean } | undefined,
): Promise<{ existing: ExistingGateCheck | undefined; lookedUp: boolean; reviewSeen?: boolean; claimed?: boolean }> {
  if (freshHead) {
    // The same statement says whether a review event of the pull request reached the gate, which
    // is what gateReviews asks next exactly when no run is recorded (app/gate/gate-reviews.ts).
    const claim = freshHead.claim ? { deliveryId: target.deliveryId, at: records.clock() } : undefined;
    const { record, reviewSeen, claimed } = await findFreshHeadRecords(records.db, keyOf(target), freshHead.pullNumber, claim);
    // No record, and ours now if asked for: no run on GitHub. A claim that lost (a record came
    // meanwhile) is another attempt's, whose create may have reached GitHub: looked up there.
    if (!record && (claimed || !claim)) return { existing: undefined, lookedUp: false, reviewSeen, ...(claim ? { claimed } : {}) };
  }
  return { existing: await findGateCheck(octokit, target.ref, target.slug), lookedUp: true };
}

/** The check run writeGateCheckOnce wrote. */
export interface WrittenGateCheck {
  id: number;
  /**
   * With `recordIdLater`, the run this call created whose id is not yet recorded: the caller
   * records it (gateCheckIdChange in src/store/gate-check-runs.ts). Until then the claim has no
   * id, which a later attempt treats as a crash after the create: it looks the run up on GitHub.
   */
  unrecorded?: GateCheckKey;
}

/**
 * Writes the head commit's check run, creating it at most once however often a delivery is
 * processed (a crash, a redelivery from the queue): the create is claimed in the database before
 * GitHub is asked, with the delivery as the run's `external_id`. A claim already there means an
 * earlier attempt (or another replica) may have created the run: it is looked up on GitHub (unless
 * the caller just did) and updated in place if found. Only when GitHub has no run is one created.
 * https://docs.github.com/en/rest/checks/runs#create-a-check-run
 */
export async function writeGateCheckOnce(
  octokit: Octokit,
  records: GateCheckRecords,
  target: GateCheckTarget,
  found: { existing: ExistingGateCheck | undefined; lookedUp: boolean; claimed?: boolean },
  content: GateCheckContent,
  options: { recordIdLater?: boolean } = {},
): Promise<WrittenGateCheck> {
  let { existing } = found;
  // `claimed`: existingGateCheck claimed it already, for this delivery.
  if (!existing && !found.claimed) {
    const claimed = await claimGateCheck(records.db, keyOf(target), target.deliveryId, records.clock());
    if (!claimed && !found.lookedUp) existing = await findGateCheck(octokit, target.ref, target.slug);
  }
  const id = await writeGateCheck(octokit, target.ref, existing, content, target.deliveryId);
  if (existing) return { id };
  if (options.recordIdLater) return { id, unrecorded: keyOf(target) };
  await recordGateCheckId(records.db, keyOf(target), id);
  return { id };
}
