/**
 * GitHub's OIDC token for calls made while the agent runs. The agent's output is fenced with
 * `::stop-commands::` (run-agent.ts), so nothing the step prints then is a workflow command:
 * `core.getIDToken` masks each token with `::add-mask::<token>`, which under the fence the runner
 * would print as text, token and all (and its `::debug::` line too).
 * https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-commands#stopping-and-starting-workflow-commands
 * This asks the same endpoint as `core.getIDToken` does (`ACTIONS_ID_TOKEN_REQUEST_URL` with
 * `&audience=`, `Authorization: Bearer $ACTIONS_ID_TOKEN_REQUEST_TOKEN`, answer `{"value"}`) and
 * prints nothing; the Action never prints a token either way.
 * https://github.com/actions/toolkit/blob/main/packages/core/src/oidc-utils.ts
 * https://docs.github.com/en/actions/reference/security/oidc
 */
export function fencedIdToken(env: NodeJS.ProcessEnv, fetchImpl: typeof fetch): (audience: string) => Promise<string> {
  return async (audience) => {
    const url = env.ACTIONS_ID_TOKEN_REQUEST_URL;
    const requestToken = env.ACTIONS_ID_TOKEN_REQUEST_TOKEN;
    // Named as core names them, so fetch-id-token.ts turns it into its "add id-token: write" message.
    if (!url) throw new Error('Unable to get ACTIONS_ID_TOKEN_REQUEST_URL env variable');
    if (!requestToken) throw new Error('Unable to get ACTIONS_ID_TOKEN_REQUEST_TOKEN env variable');
    const response = await fetchImpl(`${url}&audience=${encodeURIComponent(audience)}`, { headers: { authorization: `Bearer ${requestToken}`, accept: 'application/json', 'user-agent': 'airlock-action' } });
    if (response.status !== 200) {
      await response.body?.cancel().catch(() => undefined);
      throw new Error(`GitHub's OIDC token endpoint answered HTTP ${response.status}`);
    }
    const value = ((await response.json()) as { value?: unknown }).value;
    if (typeof value !== 'string' || !value) throw new Error("GitHub's OIDC token endpoint answered without a token");
    return value;
  };
}
