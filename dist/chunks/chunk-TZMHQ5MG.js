import { createRequire as __airlockCreateRequire } from 'node:module'; const require = __airlockCreateRequire(import.meta.url);

// src/policy/stringify-json.ts
var stringifyJSON = (value, indent = 0) => {
  const marker = "\0big:";
  const text = JSON.stringify(value, (_k, v) => typeof v === "bigint" ? `${marker}${v.toString()}` : v, indent || void 0);
  return (text ?? "null").replace(/"\\u0000big:(-?\d+)"/g, "$1");
};

export {
  stringifyJSON
};
