import { createRequire as __airlockCreateRequire } from 'node:module'; const require = __airlockCreateRequire(import.meta.url);

// src/http/with-retry.ts
var sleep = (ms, signal) => new Promise((resolve, reject) => {
  if (signal?.aborted) return reject(signal.reason);
  const onAbort = () => {
    clearTimeout(timer);
    reject(signal.reason);
  };
  const timer = setTimeout(() => {
    signal?.removeEventListener("abort", onAbort);
    resolve();
  }, ms);
  signal?.addEventListener("abort", onAbort, { once: true });
});
async function withRetry(policy, attempt, options = {}) {
  const deadline = policy.deadlineMs === void 0 ? Infinity : performance.now() + policy.deadlineMs;
  let last = "no attempt made";
  let made = 0;
  for (let n = 1; n <= policy.attempts; n++) {
    if (n > 1) {
      const wait = policy.baseDelayMs * 2 ** (n - 2) * (policy.jitter ? 0.5 + Math.random() / 2 : 1);
      if (performance.now() + wait >= deadline) break;
      await sleep(wait, options.signal);
    }
    const remainingMs = deadline - performance.now();
    if (remainingMs <= 0) break;
    made = n;
    const result = await attempt({ attempt: n, remainingMs: Math.ceil(remainingMs) });
    if ("done" in result) return { ok: true, value: result.done, attempts: n };
    if ("fail" in result) return { ok: false, attempts: n, last: result.fail };
    last = result.retry;
  }
  return { ok: false, attempts: made, last };
}

export {
  withRetry
};
