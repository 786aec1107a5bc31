import { createRequire as __airlockCreateRequire } from 'node:module'; const require = __airlockCreateRequire(import.meta.url);
import {
  withRetry
} from "./chunk-4DGAB22J.js";

// src/action/fetch-id-token.ts
var ID_TOKEN_RETRY = { attempts: 3, attemptTimeoutMs: 1e4, baseDelayMs: 500 };
async function fetchIdToken(getIDToken, audience, options) {
  const result = await withRetry(options, async () => {
    let timer;
    try {
      return {
        done: await Promise.race([
          getIDToken(audience),
          new Promise((_, reject) => {
            timer = setTimeout(() => reject(new Error(`no answer within ${options.attemptTimeoutMs} ms`)), options.attemptTimeoutMs);
          })
        ])
      };
    } catch (error) {
      const message = error.message;
      if (/ACTIONS_ID_TOKEN_REQUEST_(URL|TOKEN)/.test(message)) {
        throw new Error("the job cannot request an OIDC token: add `permissions: id-token: write` to the workflow or job", { cause: error });
      }
      return { retry: message };
    } finally {
      clearTimeout(timer);
    }
  });
  if (result.ok) return result.value;
  throw new Error(`could not get an OIDC token from GitHub after ${options.attempts} attempts (${result.last})`);
}

// src/action/shown-text.ts
function shownPath(path) {
  return [...path].map((c) => c.charCodeAt(0) < 32 || c.charCodeAt(0) === 127 ? "?" : c).join("");
}
function escapeHtml(text) {
  return text.replace(/[&<>"'`|*_[\]\\]/g, (c) => `&#${c.charCodeAt(0)};`);
}

export {
  ID_TOKEN_RETRY,
  fetchIdToken,
  shownPath,
  escapeHtml
};
