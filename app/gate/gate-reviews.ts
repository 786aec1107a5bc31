import type { Context } from 'probot';
import { reviewSeen } from '../../src/store/gate-review-marks.js';
import type { Queryable } from '../../src/store/database.js';
import type { ReviewFact } from './approvals.js';
import { listReviews, type ConditionalReads } from './gate-facts.js';

type Octokit = Context['octokit'];

/**
 * The pull request's reviews, as the gate judges them. A head commit just pushed (a `synchronize`
 * the App recorded no check run for) of a pull request no review event reached the gate for is
 * judged without asking GitHub: a review submitted since is still to come as a
 * `pull_request_review` event and runs the gate again; one that came before was marked
 * (src/store/gate-review-marks.ts) before the gate evaluated it, and then every review is read,
 * as for any other event (reviews of earlier commits do not count, but the check run says so).
 * Reviews from before the marks existed are the exception: they cannot count for a new head, and
 * the check run does not list them. A lost review delivery is brought back by the reconciler
 * (app/queue/delivery-reconciler.ts), and runs the gate then.
 * https://docs.github.com/en/webhooks/webhook-events-and-payloads#pull_request_review
 */
export async function gateReviews(
  octokit: Octokit,
  db: Queryable,
  pull: { owner: string; repo: string; number: number; repositoryId: number; headSha: string },
  options: { freshUnrecordedHead: boolean; conditional: ConditionalReads; reviewSeen?: boolean },
): Promise<ReviewFact[]> {
  // `reviewSeen`: the mark as the caller already read it, with the head's record (existingGateCheck).
  if (options.freshUnrecordedHead && !(options.reviewSeen ?? (await reviewSeen(db, { repositoryId: pull.repositoryId, pullNumber: pull.number })))) return [];
  return listReviews(octokit, { owner: pull.owner, repo: pull.repo }, pull.number, options.conditional);
}
