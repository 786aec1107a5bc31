import { describe, expect, it } from '@jest/globals';
import { fetchIdToken } from '../../src/action/fetch-id-token.js';

const FAST = { attempts: 3, attemptTimeoutMs: 50, baseDelayMs: 1 };

describe('fetchIdToken', () => {
  it('abandons a stalled request and gets the token on the next attempt', async () => {
    const audiences: string[] = [];
    const getIDToken = (audience: string) => {
      audiences.push(audience);
      return audiences.length === 1 ? new Promise<string>(() => undefined) : Promise.resolve('oidc-token');
    };
    await expect(fetchIdToken(getIDToken, 'airlock', FAST)).resolves.toBe('oidc-token');
    expect(audiences).toEqual(['airlock', 'airlock']);
  });

  it('stops at once when the job lacks id-token: write, and says how to fix it', async () => {
    let calls = 0;
    const getIDToken = async () => {
      calls++;
      throw new Error('Unable to get ACTIONS_ID_TOKEN_REQUEST_URL env variable');
    };
    await expect(fetchIdToken(getIDToken, 'airlock', FAST)).rejects.toThrow('add `permissions: id-token: write` to the workflow or job');
    expect(calls).toBe(1);
  });

  it('gives up after its attempts, naming the last failure', async () => {
    let calls = 0;
    const getIDToken = async () => {
      calls++;
      throw new Error(`HTTP 50${calls}`);
    };
    await expect(fetchIdToken(getIDToken, 'airlock', FAST)).rejects.toThrow('could not get an OIDC token from GitHub after 3 attempts (HTTP 503)');
    expect(calls).toBe(3);
  });
});
