import { createRequire as __airlockCreateRequire } from 'node:module'; const require = __airlockCreateRequire(import.meta.url);

// src/scan/known-values.ts
var MIN_KNOWN_VALUE_LENGTH = 8;
function base64Core(value, offset, url) {
  const total = offset + value.length;
  const enc = Buffer.concat([Buffer.alloc(offset), value]).toString(url ? "base64url" : "base64");
  const start = offset === 0 ? 0 : offset === 1 ? 2 : 3;
  const rest = total % 3;
  const end = Math.floor(total / 3) * 4 + (rest === 0 ? 0 : rest === 1 ? 1 : 2);
  return enc.slice(start, end);
}
var KnownValues = class {
  needles;
  /** Longest needle: the streaming overlap must cover it. */
  maxNeedleLength;
  constructor(values) {
    const needles = /* @__PURE__ */ new Map();
    const add = (needle, encoding, v) => {
      if (needle.length >= MIN_KNOWN_VALUE_LENGTH && !needles.has(needle))
        needles.set(needle, { needle, encoding, value: v.value, label: v.label });
    };
    for (const v of values) {
      if (v.value.length < MIN_KNOWN_VALUE_LENGTH) continue;
      const bytes = Buffer.from(v.value, "utf8");
      add(v.value, void 0, v);
      for (let offset = 0; offset < 3; offset++) {
        add(base64Core(bytes, offset, false), "base64", v);
        add(base64Core(bytes, offset, true), "base64url", v);
      }
      add(bytes.toString("hex"), "hex", v);
      add(bytes.toString("hex").toUpperCase(), "hex", v);
      add(encodeURIComponent(v.value), "url", v);
      add([...v.value].reverse().join(""), "reversed", v);
    }
    this.needles = [...needles.values()];
    this.maxNeedleLength = Math.max(0, ...this.needles.map((n) => n.needle.length));
  }
  /** Calls `found` for each needle occurrence starting in [from, to). */
  find(text, from, to, found) {
    for (const n of this.needles) {
      let i = text.indexOf(n.needle, from);
      while (i >= 0 && i < to) {
        found(i, n);
        i = text.indexOf(n.needle, i + 1);
      }
    }
  }
};

export {
  MIN_KNOWN_VALUE_LENGTH,
  KnownValues
};
