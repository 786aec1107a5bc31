import { describe, expect, it } from '@jest/globals';
import { withRetry, type AttemptResult } from '../../src/http/with-retry.js';

/** An attempt function that answers from a script and records each call. */
const scripted = <T>(answers: AttemptResult<T>[]) => {
  const calls: { attempt: number; remainingMs: number }[] = [];
  const run = async (context: { attempt: number; remainingMs: number }): Promise<AttemptResult<T>> => {
    calls.push(context);
    return answers[Math.min(calls.length, answers.length) - 1]!;
  };
  return { calls, run };
};

describe('withRetry', () => {
  it('returns the first value an attempt is done with', async () => {
    const { calls, run } = scripted([{ retry: 'HTTP 503' }, { retry: 'reset' }, { done: 'token' }]);
    await expect(withRetry({ attempts: 5, baseDelayMs: 1 }, run)).resolves.toEqual({ ok: true, value: 'token', attempts: 3 });
    expect(calls.map((c) => c.attempt)).toEqual([1, 2, 3]);
    expect(calls.every((c) => c.remainingMs === Infinity)).toBe(true);
  });

  it('gives up after the attempts with the last reason', async () => {
    const { calls, run } = scripted<string>([{ retry: 'HTTP 500' }, { retry: 'HTTP 502' }]);
    await expect(withRetry({ attempts: 3, baseDelayMs: 1 }, run)).resolves.toEqual({ ok: false, attempts: 3, last: 'HTTP 502' });
    expect(calls).toHaveLength(3);
  });

  it('stops at once on a failure no retry can fix', async () => {
    const { calls, run } = scripted<string>([{ fail: 'HTTP 403' }]);
    await expect(withRetry({ attempts: 3, baseDelayMs: 1 }, run)).resolves.toEqual({ ok: false, attempts: 1, last: 'HTTP 403' });
    expect(calls).toHaveLength(1);
  });

  it('lets an error thrown by an attempt propagate without another attempt', async () => {
    let calls = 0;
    const run = async (): Promise<AttemptResult<string>> => {
      calls++;
      throw new Error('add permissions: id-token: write');
    };
    await expect(withRetry({ attempts: 3, baseDelayMs: 1 }, run)).rejects.toThrow('id-token: write');
    expect(calls).toBe(1);
  });

  it('makes no attempt whose wait would end past the deadline, and tells each attempt the time left', async () => {
    const { calls, run } = scripted<string>([{ retry: 'timed out' }]);
    const result = await withRetry({ attempts: 10, baseDelayMs: 200, deadlineMs: 300 }, run);
    // The first attempt at once, the second after 200 ms; the third would wait 400 ms more.
    expect(result).toMatchObject({ ok: false, last: 'timed out' });
    expect(calls.length).toBeLessThanOrEqual(2);
    expect(result.attempts).toBe(calls.length);
    expect(calls[0]!.remainingMs).toBeLessThanOrEqual(300);
    if (calls[1]) expect(calls[1].remainingMs).toBeLessThan(calls[0]!.remainingMs);
  });

  it('makes no attempt at all when the budget is already spent', async () => {
    const { calls, run } = scripted<string>([{ done: 'x' }]);
    await expect(withRetry({ attempts: 3, baseDelayMs: 1, deadlineMs: 0 }, run)).resolves.toEqual({ ok: false, attempts: 0, last: 'no attempt made' });
    expect(calls).toHaveLength(0);
  });

  it('an aborted signal ends the wait with its reason and no further attempt', async () => {
    const controller = new AbortController();
    let calls = 0;
    const run = async (): Promise<AttemptResult<string>> => {
      calls++;
      controller.abort(new Error('the run stopped waiting'));
      return { retry: 'HTTP 503' };
    };
    await expect(withRetry({ attempts: 3, baseDelayMs: 60_000 }, run, { signal: controller.signal })).rejects.toThrow('the run stopped waiting');
    expect(calls).toBe(1);
  });
});
