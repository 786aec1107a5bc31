import { createRequire as __airlockCreateRequire } from 'node:module'; const require = __airlockCreateRequire(import.meta.url);
import {
  AttestError
} from "./chunk-JJEEWADX.js";

// src/attest/changeset-digest.ts
import { createHash } from "node:crypto";
function gitBlobSha(content) {
  return createHash("sha1").update(`blob ${content.length}\0`).update(content).digest("hex");
}
function changesetDigest(entries) {
  const seen = /* @__PURE__ */ new Set();
  for (const e of entries) {
    if (!e.path || /[\n\0]/.test(e.path)) throw new AttestError("CHANGES_UNREADABLE", `path ${JSON.stringify(e.path)} cannot be part of a changeset (empty, newline or NUL)`);
    if (seen.has(e.path)) throw new AttestError("CHANGES_UNREADABLE", `path ${e.path} appears twice in one changeset`);
    if (e.blob !== null && !/^[0-9a-f]{40}$/.test(e.blob)) throw new AttestError("CHANGES_UNREADABLE", `path ${e.path}: blob id must be 40 hex digits`);
    seen.add(e.path);
  }
  const lines = [...entries].sort((a, b) => Buffer.compare(Buffer.from(a.path), Buffer.from(b.path))).map((e) => `${e.blob ?? "0".repeat(40)} ${e.path}
`);
  return createHash("sha256").update(lines.join("")).digest("hex");
}

export {
  gitBlobSha,
  changesetDigest
};
