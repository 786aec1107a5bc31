/**
 * What the gate remembers about one head commit, kept inside its own `Airlock` check run (only
 * this App can write its check runs, and a check run belongs to exactly one commit): whether an
 * agent produced the commit, the approvals given by comment or button for it, and an admin's
 * override. Reviews are not kept here; GitHub lists them with the commit they approve.
 */
export interface GateState {
  /** The agent identity that authored or pushed into the pull request, carried to later heads. */
  agent: string | null;
  approvals: RecordedApproval[];
  override: { login: string; reason: string } | null;
}

export interface RecordedApproval {
  login: string;
  via: 'comment' | 'button';
  /** For comments: edits and deletions of this comment withdraw the approval. */
  commentId?: number;
}

export const EMPTY_GATE_STATE: GateState = { agent: null, approvals: [], override: null };

const MARKER = /<!-- airlock-gate-state:([A-Za-z0-9_-]*) -->/g;

/** Base64url inside an HTML comment: override reasons are free text and could close the comment. */
export function encodeGateState(state: GateState): string {
  return `<!-- airlock-gate-state:${Buffer.from(JSON.stringify(state)).toString('base64url')} -->`;
}

const isString = (x: unknown): x is string => typeof x === 'string' && x.length > 0;

/** The state in a check run summary written by this App; empty when absent or malformed. */
export function decodeGateState(summary: string | null | undefined): GateState {
  const match = [...(summary ?? '').matchAll(MARKER)].pop();
  if (!match) return EMPTY_GATE_STATE;
  let doc: unknown;
  try {
    doc = JSON.parse(Buffer.from(match[1]!, 'base64url').toString('utf8'));
  } catch {
    return EMPTY_GATE_STATE;
  }
  if (typeof doc !== 'object' || doc === null) return EMPTY_GATE_STATE;
  const d = doc as Record<string, unknown>;
  const approvals = Array.isArray(d.approvals)
    ? d.approvals.flatMap((a: unknown): RecordedApproval[] => {
        const r = a as Record<string, unknown>;
        if (typeof a !== 'object' || a === null || !isString(r.login) || (r.via !== 'comment' && r.via !== 'button')) return [];
        return [{ login: r.login, via: r.via, ...(typeof r.commentId === 'number' ? { commentId: r.commentId } : {}) }];
      })
    : [];
  const o = d.override as Record<string, unknown> | null | undefined;
  const override = o && typeof o === 'object' && isString(o.login) && isString(o.reason) ? { login: o.login, reason: o.reason } : null;
  return { agent: isString(d.agent) ? d.agent : null, approvals, override };
}
