/**
 * Airlock's comment commands, one parser for every handler. Only a line that starts with the
 * command counts (a quoted `> /airlock approve ...` does not), and only the first command line
 * of a comment. `/airlock approve <sha>` must name the full head commit (40 or 64 hex digits): an
 * abbreviated SHA could be matched by a later commit crafted to share its prefix. The gate acts
 * on `approve` and `override`; the secret approvals (app/handlers/secret-approval-handler.ts) on
 * `approve-secret` and `deny-secret`, which name an approval by its full id; containment
 * (app/containment/resume-handler.ts) on `resume`, which names a suspended identity.
 */
export type GateCommand =
  | { kind: 'approve'; sha: string }
  | { kind: 'override'; reason: string }
  | { kind: 'approve-secret'; id: string }
  | { kind: 'deny-secret'; id: string }
  | { kind: 'resume'; identity: string }
  | { kind: 'invalid'; message: string };

const COMMAND_LINE = /^\/airlock\s+(\S+)(?:[ \t]+(.*))?$/;
const FULL_SHA = /^([0-9a-f]{40}|[0-9a-f]{64})$/;
// A trust policy name (src/sts/trust-policy.ts trustPolicyPath).
const IDENTITY = /^[a-z0-9][a-z0-9_-]{0,63}$/;
const APPROVAL_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function parseGateCommand(body: string): GateCommand | undefined {
  for (const raw of body.split(/\r?\n/)) {
    const match = COMMAND_LINE.exec(raw.trim());
    if (!match) continue;
    const verb = match[1]!.toLowerCase();
    const rest = (match[2] ?? '').trim();
    if (verb === 'approve') {
      const sha = rest.toLowerCase();
      if (!FULL_SHA.test(sha)) return { kind: 'invalid', message: '/airlock approve needs the full head commit SHA (40 hex digits), e.g. /airlock approve <sha shown in the Airlock check>' };
      return { kind: 'approve', sha };
    }
    if (verb === 'override') {
      if (!rest) return { kind: 'invalid', message: '/airlock override needs a reason, e.g. /airlock override production is down, fix reviewed on call' };
      return { kind: 'override', reason: rest.slice(0, 500) };
    }
    if (verb === 'approve-secret' || verb === 'deny-secret') {
      const id = rest.toLowerCase();
      if (!APPROVAL_ID.test(id)) return { kind: 'invalid', message: `/airlock ${verb} needs the approval id shown on the "Airlock secret approval" check run, e.g. /airlock ${verb} 6f1c0b1e-0c39-4a53-9d0e-2f5a7c1b9e42` };
      return { kind: verb, id };
    }
    if (verb === 'resume') {
      if (!IDENTITY.test(rest)) return { kind: 'invalid', message: '/airlock resume needs the suspended identity (its trust policy name, as the incident issue names it), e.g. /airlock resume agent' };
      return { kind: 'resume', identity: rest };
    }
    return { kind: 'invalid', message: `unknown command /airlock ${verb}; expected approve <sha>, override <reason>, approve-secret <id>, deny-secret <id> or resume <identity>` };
  }
  return undefined;
}
