import { createRequire as __airlockCreateRequire } from 'node:module'; const require = __airlockCreateRequire(import.meta.url);
import {
  RSet,
  toJSON
} from "./chunk-EUJLSU46.js";

// src/policy/policy-verdict.ts
var denyMessages = (deny) => {
  const items = deny instanceof RSet ? [...deny.values()] : deny;
  return items.map((m) => typeof m === "string" ? m : toJSON(m)).sort();
};
var verdictOf = (allow, deny) => {
  if (deny !== void 0 && !(deny instanceof RSet) && !Array.isArray(deny)) {
    return { allow: false, deny: [`policy error: deny must be a set or array of messages, got ${toJSON(deny)}`] };
  }
  const messages = deny === void 0 ? [] : denyMessages(deny);
  return { allow: allow === true && messages.length === 0, deny: messages };
};

export {
  verdictOf
};
