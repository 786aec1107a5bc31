/** The `airlock.push` input: policies/schemas/push-input.schema.json. */
export interface PushPolicyInput {
  /** The branch or tag name (`ref_type` says which; a release names its tag). */
  branch: string;
  ref_type: 'branch' | 'tag' | 'release';
  protected: boolean;
  actor: { login: string; type: string };
  is_agent: boolean;
  forced: boolean;
}

export interface PushFacts {
  branch: string;
  refType: 'branch' | 'tag' | 'release';
  protected: boolean;
  /** The agent identity among the push's identities, when there is one. */
  agent: string | undefined;
  /** Who GitHub says sent the push event (`sender`), with its account type. */
  sender: { login: string; type: string } | undefined;
  /** `pusher.name`: for a push over git, the account whose credentials pushed. */
  pusher: string;
  forced: boolean;
}

/**
 * The document `airlock.push` decides on. The actor is the agent identity when one took part
 * (sender, pusher, committer or author), else the sender: the policy sees who the App holds
 * responsible. An account type GitHub did not report for that login is inferred from the
 * `[bot]` suffix GitHub gives every App's bot.
 */
export function buildPushInput(f: PushFacts): PushPolicyInput {
  const login = f.agent ?? f.sender?.login ?? f.pusher;
  const type = f.sender && f.sender.login.toLowerCase() === login.toLowerCase() ? f.sender.type : login.toLowerCase().endsWith('[bot]') ? 'Bot' : 'User';
  return { branch: f.branch, ref_type: f.refType, protected: f.protected, actor: { login, type }, is_agent: f.agent !== undefined, forced: f.forced };
}
