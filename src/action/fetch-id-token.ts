/** The Action's retry budget for OIDC tokens: three tries of ten seconds each. */
export const ID_TOKEN_RETRY = { attempts: 3, attemptTimeoutMs: 10_000, baseDelayMs: 500 };

/**
 * core.getIDToken with an overall deadline and our own retries: GitHub's token endpoint
 * sometimes stalls, and a stalled step would hold the job (and the agent) hostage.
 * https://docs.github.com/en/actions/reference/security/oidc
 */
export async function fetchIdToken(
  getIDToken: (audience: string) => Promise<string>,
  audience: string,
  options: { attempts: number; attemptTimeoutMs: number; baseDelayMs: number },
): Promise<string> {
  let last = 'no attempt made';
  for (let attempt = 1; attempt <= options.attempts; attempt++) {
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        getIDToken(audience),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer within ${options.attemptTimeoutMs} ms`)), options.attemptTimeoutMs);
        }),
      ]);
    } catch (error) {
      last = (error as Error).message;
      // A missing `id-token: write` permission is a configuration error: retrying cannot fix it.
      if (/ACTIONS_ID_TOKEN_REQUEST_(URL|TOKEN)/.test(last)) {
        throw new Error('the job cannot request an OIDC token: add `permissions: id-token: write` to the workflow or job', { cause: error });
      }
    } finally {
      clearTimeout(timer);
    }
    if (attempt < options.attempts) await new Promise((resolve) => setTimeout(resolve, options.baseDelayMs * 2 ** (attempt - 1)));
  }
  throw new Error(`could not get an OIDC token from GitHub after ${options.attempts} attempts (${last})`);
}
