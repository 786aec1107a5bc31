import { withRetry } from '../http/with-retry.js';

/** The Action's retry budget for OIDC tokens: three tries of ten seconds each. */
export const ID_TOKEN_RETRY = { attempts: 3, attemptTimeoutMs: 10_000, baseDelayMs: 500 };

/**
 * core.getIDToken with a per-attempt deadline and our own retries (src/http/with-retry.ts):
 * GitHub's token endpoint sometimes stalls, and a stalled step would hold the job (and the agent)
 * hostage. https://docs.github.com/en/actions/reference/security/oidc
 */
export async function fetchIdToken(
  getIDToken: (audience: string) => Promise<string>,
  audience: string,
  options: { attempts: number; attemptTimeoutMs: number; baseDelayMs: number },
): Promise<string> {
  const result = await withRetry<string>(options, async () => {
    let timer: NodeJS.Timeout | undefined;
    try {
      return {
        done: await Promise.race([
          getIDToken(audience),
          new Promise<never>((_, reject) => {
            timer = setTimeout(() => reject(new Error(`no answer within ${options.attemptTimeoutMs} ms`)), options.attemptTimeoutMs);
          }),
        ]),
      };
    } catch (error) {
      const message = (error as Error).message;
      // A missing `id-token: write` permission is a configuration error: retrying cannot fix it.
      if (/ACTIONS_ID_TOKEN_REQUEST_(URL|TOKEN)/.test(message)) {
        throw new Error('the job cannot request an OIDC token: add `permissions: id-token: write` to the workflow or job', { cause: error });
      }
      return { retry: message };
    } finally {
      clearTimeout(timer);
    }
  });
  if (result.ok) return result.value;
  throw new Error(`could not get an OIDC token from GitHub after ${options.attempts} attempts (${result.last})`);
}
