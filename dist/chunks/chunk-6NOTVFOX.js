import { createRequire as __airlockCreateRequire } from 'node:module'; const require = __airlockCreateRequire(import.meta.url);
import {
  AUDIT_KINDS,
  GENESIS_HASH,
  auditRecordHash
} from "./chunk-5XH3EV2N.js";

// src/audit/verify-audit-chain.ts
var HASH = /^[0-9a-f]{64}$/;
var FIELDS = ["actor", "data", "hash", "kind", "prev_hash", "seq", "subject", "time"].join();
function malformation(value) {
  if (typeof value !== "object" || value === null || Array.isArray(value))
    return "not a JSON object";
  const r = value;
  if (Object.keys(r).sort().join() !== FIELDS) return `fields must be exactly ${FIELDS}`;
  if (!Number.isSafeInteger(r.seq) || r.seq < 1) return "seq is not a positive integer";
  if (typeof r.prev_hash !== "string" || !HASH.test(r.prev_hash))
    return "prev_hash is not a sha256 hex digest";
  if (typeof r.hash !== "string" || !HASH.test(r.hash)) return "hash is not a sha256 hex digest";
  if (typeof r.time !== "string") return "time is not a string";
  if (!AUDIT_KINDS.includes(r.kind))
    return `kind ${JSON.stringify(r.kind)} is unknown`;
  if (typeof r.actor !== "string" || typeof r.subject !== "string")
    return "actor and subject must be strings";
  if (typeof r.data !== "object" || r.data === null || Array.isArray(r.data))
    return "data is not a JSON object";
  return void 0;
}
function createAuditChainVerifier(options = {}) {
  const { anchor } = options;
  let expected = 1;
  let prevHash = GENESIS_HASH;
  let count = 0;
  let broken;
  const fail = (seq, code, message) => {
    broken = { ok: false, count, seq, code, message };
    return false;
  };
  return {
    push(value) {
      if (broken) return false;
      const why = malformation(value);
      if (why)
        return fail(
          expected,
          "malformed",
          `record ${count + 1} in order (expected seq ${expected}) is malformed: ${why}`
        );
      const record = value;
      let recomputed;
      try {
        recomputed = auditRecordHash(record);
      } catch (error) {
        return fail(
          expected,
          "malformed",
          `record seq ${expected} cannot be hashed: ${error.message}`
        );
      }
      if (recomputed !== record.hash)
        return fail(
          expected,
          "hash_mismatch",
          `record seq ${expected} (claiming seq ${record.seq}) does not match its hash: it was edited after it was written`
        );
      if (record.seq !== expected) {
        return fail(
          expected,
          "seq_mismatch",
          `expected seq ${expected} but found seq ${record.seq}: records were ${record.seq > expected ? "deleted or reordered" : "inserted, duplicated or reordered"}`
        );
      }
      if (record.prev_hash !== prevHash) {
        return fail(
          record.seq,
          "prev_hash_mismatch",
          `record seq ${record.seq} does not follow the record before it (prev_hash differs): the record before was replaced, or this one was inserted`
        );
      }
      if (anchor && record.seq === anchor.seq && record.hash !== anchor.hash) {
        return fail(
          record.seq,
          "anchor_mismatch",
          `record seq ${record.seq} is not the one anchored earlier (hash ${anchor.hash}): the log was rewritten`
        );
      }
      count++;
      expected++;
      prevHash = record.hash;
      return true;
    },
    result(head) {
      if (broken) return broken;
      const last = expected - 1;
      const end = (seq, code, message) => ({
        ok: false,
        count,
        seq,
        code,
        message
      });
      if (anchor && anchor.seq > last)
        return end(
          last + 1,
          "anchor_mismatch",
          `the log ends at seq ${last}, before the anchored seq ${anchor.seq}: records were removed from the end`
        );
      if (head && (head.seq !== last || head.hash !== prevHash)) {
        const detail = head.seq > last ? `the chain head says seq ${head.seq}: records after seq ${last} were removed` : head.seq < last ? `the chain head says seq ${head.seq}: records after it were added without appendAudit` : "the chain head has another hash: the last record was replaced";
        return end(
          head.seq === last ? last : Math.min(head.seq, last) + 1,
          "head_mismatch",
          `the log ends at seq ${last}, but ${detail}`
        );
      }
      return { ok: true, count, head: { seq: last, hash: prevHash } };
    }
  };
}
function verifyAuditChain(records, options = {}) {
  const verifier = createAuditChainVerifier(options);
  for (const record of records) if (!verifier.push(record)) break;
  return verifier.result(options.head);
}

export {
  createAuditChainVerifier,
  verifyAuditChain
};
