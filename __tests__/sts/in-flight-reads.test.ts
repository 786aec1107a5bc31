import { describe, expect, it } from '@jest/globals';
import { InFlightReads } from '../../app/sts/in-flight-reads.js';

// Which exchange may take which GitHub answer (app/sts/in-flight-reads.ts): only one sent after it
// arrived, only a successful one, never past its own end.

/** Reads that answer when told to (every one still pending), counting how many were sent. */
function gate<T>() {
  const pending: { resolve: (value: T) => void; reject: (error: Error) => void }[] = [];
  let sent = 0;
  const send = () => {
    sent++;
    return new Promise<T>((resolve, reject) => pending.push({ resolve, reject }));
  };
  return { send, sent: () => sent, answer: (value: T) => pending.splice(0).forEach((p) => p.resolve(value)), fail: (error: Error) => pending.splice(0).forEach((p) => p.reject(error)) };
}

describe('InFlightReads', () => {
  it('serves a read sent after the caller arrived to the caller too: one request, one answer for both', async () => {
    let now = 100;
    const reads = new InFlightReads(() => now);
    const github = gate<string>();
    const first = reads.read('policy', 90, undefined, github.send);
    now = 110;
    const second = reads.read('policy', 95, undefined, github.send);
    github.answer('v1');
    expect(await Promise.all([first, second])).toEqual(['v1', 'v1']);
    expect(github.sent()).toBe(1);
  });

  it('never serves a read sent before the caller arrived: the caller sends its own and sees the newer answer', async () => {
    let now = 100;
    const reads = new InFlightReads(() => now);
    const old = gate<string>();
    const fresh = gate<string>();
    const first = reads.read('policy', 90, undefined, old.send);
    now = 120;
    const second = reads.read('policy', 101, undefined, fresh.send);
    expect(fresh.sent()).toBe(1);
    fresh.answer('changed');
    old.answer('before the change');
    expect(await second).toBe('changed');
    expect(await first).toBe('before the change');
  });

  it('shares nothing without an arrival time, across keys, or once the read is answered', async () => {
    const reads = new InFlightReads(() => 100);
    const github = gate<string>();
    const unshared = [reads.read('a', undefined, undefined, github.send), reads.read('a', undefined, undefined, github.send), reads.read('b', 0, undefined, github.send)];
    expect(github.sent()).toBe(3);
    github.answer('x');
    expect(await Promise.all(unshared)).toEqual(['x', 'x', 'x']);
    const first = reads.read('a', 0, undefined, github.send);
    github.answer('a1');
    expect(await first).toBe('a1');
    const again = reads.read('a', 0, undefined, github.send);
    expect(github.sent()).toBe(5);
    github.answer('a2');
    expect(await again).toBe('a2');
  });

  it('a shared read that fails is no answer for the others: each sends its own, unless its request is over', async () => {
    const reads = new InFlightReads(() => 100);
    const failing = gate<string>();
    const retry = gate<string>();
    const first = reads.read('policy', 50, undefined, failing.send);
    const live = reads.read('policy', 50, new AbortController().signal, retry.send);
    const over = new AbortController();
    over.abort();
    const gone = reads.read('policy', 50, over.signal, retry.send);
    failing.fail(new Error('the first request hit its deadline'));
    await expect(first).rejects.toThrow('deadline');
    await expect(gone).rejects.toThrow('deadline');
    await new Promise((resolve) => setImmediate(resolve));
    expect(retry.sent()).toBe(1);
    retry.answer('v1');
    expect(await live).toBe('v1');
  });
});
