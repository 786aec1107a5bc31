import { isBotAccount, type Permission } from '../gate/approvals.js';

/** Who asks to resume a suspended identity, as GitHub reports them. */
export interface Resumer {
  login: string;
  /** The account type GitHub reports (`User`, `Bot`, ...). */
  userType: string;
  /** `role_name` of GET /repos/{owner}/{repo}/collaborators/{username}/permission. */
  permission: Permission;
}

const WRITE: ReadonlySet<Permission> = new Set(['write', 'maintain', 'admin']);
const lower = (s: string) => s.toLowerCase();

/**
 * Pure: why `resumer` may not resume a suspended identity (empty when they may). Only a human with
 * write, maintain or admin on the repository: never a bot, never this App's own bot (tokens the
 * broker mints act as it), never an agent identity of `.github/airlock.yml` (BRIEF.md invariant 6:
 * agents cannot undo what contains them).
 */
export function resumeRefusals(resumer: Resumer, rules: { appBot: string; agents: readonly string[] }): string[] {
  const login = lower(resumer.login);
  const reasons: string[] = [];
  if (login === lower(rules.appBot)) reasons.push(`${resumer.login} is this App's own bot; tokens Airlock mints act as it`);
  else if (isBotAccount(resumer.login, resumer.userType)) reasons.push('bots cannot resume a suspended identity');
  if (rules.agents.some((a) => lower(a) === login)) reasons.push(`${resumer.login} is an agent identity`);
  if (!WRITE.has(resumer.permission)) reasons.push(`${resumer.login} has ${resumer.permission} access; resuming needs write, maintain or admin`);
  return reasons;
}
