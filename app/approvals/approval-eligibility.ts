import { isBotAccount, type Permission } from '../gate/approvals.js';

/**
 * Who may decide a secret approval (THREATS.md §F 35): a human with write, maintain or admin on
 * the run's repository, not a bot, not this App's own bot (tokens the broker mints act as it),
 * not an agent identity of `.github/airlock.yml`, and, to approve, not the run's actor. The
 * policy (`airlock.secrets`) checks actor and bots again on the approval it is handed.
 */
export interface Decider {
  login: string;
  /** The account type GitHub reports (`User`, `Bot`, ...). */
  userType: string;
  /** `role_name` of GET /repos/{owner}/{repo}/collaborators/{username}/permission. */
  permission: Permission;
}

export interface DeciderRules {
  verb: 'approve' | 'deny';
  runActor: string;
  /** `<slug>[bot]`. */
  appBot: string;
  agents: string[];
}

const WRITE: ReadonlySet<Permission> = new Set(['write', 'maintain', 'admin']);
const lower = (s: string) => s.toLowerCase();

/** Pure: the reasons `decider` may not decide (empty when they may). */
export function deciderRefusals(decider: Decider, rules: DeciderRules): string[] {
  const login = lower(decider.login);
  const reasons: string[] = [];
  if (login === lower(rules.appBot)) reasons.push(`${decider.login} is this App's own bot; tokens Airlock mints act as it`);
  else if (isBotAccount(decider.login, decider.userType)) reasons.push('bots cannot approve or deny secret resolution');
  if (rules.agents.some((a) => lower(a) === login)) reasons.push(`${decider.login} is an agent identity`);
  if (!WRITE.has(decider.permission)) reasons.push(`${decider.login} has ${decider.permission} access; deciding needs write, maintain or admin`);
  // The actor may refuse their own run's secrets (a refusal grants nothing), never approve them.
  if (rules.verb === 'approve' && login === lower(rules.runActor)) reasons.push(`${decider.login} started the run; someone other than the run's actor must approve`);
  return reasons;
}
