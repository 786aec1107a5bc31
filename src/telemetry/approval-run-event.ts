import type { ApprovalResult } from '../action/approval-client.js';
import type { RunEvent } from './run-event.js';

/** What the App's approval of a secret's resolution came to, as the contract names it: a refusal for any reason is `denied`, a wait nobody ended in time or that the run stopped is `expired`. */
const STATUS: Readonly<Record<ApprovalResult['status'], 'approved' | 'denied' | 'expired'>> = {
  approved: 'approved',
  denied: 'denied',
  error: 'denied',
  expired: 'expired',
  cancelled: 'expired',
};

/** An `approval` event (pure): `pending` when the App took the request, then its outcome; the id is the App's, never a secret. */
export function approvalRunEvent(at: string, approvalId: string, outcome: ApprovalResult | 'pending'): RunEvent {
  return { kind: 'approval', at, approvalId, status: outcome === 'pending' ? 'pending' : STATUS[outcome.status] };
}
