import { createRequire as __airlockCreateRequire } from 'node:module'; const require = __airlockCreateRequire(import.meta.url);
import {
  AUDIT_KINDS,
  auditRecordHash
} from "./chunk-5XH3EV2N.js";
import {
  CanonicalJsonError,
  canonicalJson
} from "./chunk-EZT4DIDZ.js";

// src/audit/audit-error.ts
var AuditError = class extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
    this.name = "AuditError";
  }
  code;
};

// src/audit/credential-guard.ts
var GITHUB_TOKEN = /gh[pousr]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9_]{22,}/;
var HEX_RUN = /(?:[0-9a-fA-F]{2}){40,}/g;
var BASE64_RUN = /[A-Za-z0-9+/_-]{54,}/g;
function looksLikeToken(text) {
  if (GITHUB_TOKEN.test(text)) return true;
  for (const run of text.match(HEX_RUN) ?? []) {
    if (GITHUB_TOKEN.test(Buffer.from(run, "hex").toString("latin1"))) return true;
  }
  for (const run of text.match(BASE64_RUN) ?? []) {
    for (let skip = 0; skip < 4; skip++) {
      if (GITHUB_TOKEN.test(Buffer.from(run.slice(skip), "base64").toString("latin1"))) return true;
    }
  }
  return false;
}
function find(value, path, seen) {
  if (typeof value === "string") return looksLikeToken(value) ? path : void 0;
  if (typeof value !== "object" || value === null || seen.has(value)) return void 0;
  seen.add(value);
  for (const [key, item] of Object.entries(value)) {
    if (looksLikeToken(key)) return `a key of ${path}`;
    const at = Array.isArray(value) ? `${path}[${key}]` : `${path}.${key}`;
    const found = find(item, at, seen);
    if (found) return found;
  }
  return void 0;
}
var findGithubToken = (value, path) => find(value, path, /* @__PURE__ */ new Set());
function assertNoGithubToken(value, path) {
  const found = findGithubToken(value, path);
  if (found)
    throw new AuditError(
      "credential_in_record",
      `refusing to write a GitHub token into the audit log (at ${found}); record its id or hash instead`
    );
}

// src/audit/append-audit.ts
var MAX_LABEL_LENGTH = 1024;
var MAX_DATA_BYTES = 256 * 1024;
function hasNul(value) {
  if (typeof value === "string") return value.includes("\0");
  if (typeof value !== "object" || value === null) return false;
  return Object.entries(value).some(([key, item]) => key.includes("\0") || hasNul(item));
}
function checked(input) {
  if (!AUDIT_KINDS.includes(input.kind))
    throw new AuditError(
      "record_invalid",
      `audit kind must be one of ${AUDIT_KINDS.join(", ")}, not ${JSON.stringify(input.kind)}`
    );
  for (const field of ["actor", "subject"]) {
    const value = input[field];
    if (typeof value !== "string" || value.length === 0 || value.length > MAX_LABEL_LENGTH) {
      throw new AuditError(
        "record_invalid",
        `audit ${field} must be a string of 1 to ${MAX_LABEL_LENGTH} characters`
      );
    }
  }
  if (typeof input.data !== "object" || input.data === null || Array.isArray(input.data))
    throw new AuditError("record_invalid", "audit data must be a JSON object");
  assertNoGithubToken(input.actor, "actor");
  assertNoGithubToken(input.subject, "subject");
  assertNoGithubToken(input.data, "data");
  if (hasNul(input))
    throw new AuditError("record_invalid", "audit records cannot contain the NUL character");
  let canonicalData;
  try {
    canonicalData = canonicalJson(input.data);
  } catch (error) {
    if (error instanceof CanonicalJsonError) throw new AuditError("record_invalid", error.message);
    throw error;
  }
  if (Buffer.byteLength(canonicalData) > MAX_DATA_BYTES)
    throw new AuditError(
      "record_invalid",
      `audit data is larger than ${MAX_DATA_BYTES} bytes; record a digest of large payloads`
    );
  return { canonicalData };
}
var heads = /* @__PURE__ */ new WeakMap();
var queues = /* @__PURE__ */ new WeakMap();
async function appendAudit(db, input, options = {}) {
  return await append(db, input, options);
}
async function appendAuditWith(db, input, options, joined) {
  let appended = true;
  await append(db, input, options, { ...joined, otherwise: async () => appended = await joined.otherwise() });
  return appended;
}
async function append(db, input, options, joined) {
  const { canonicalData } = checked(input);
  const { kind, actor, subject } = input;
  const data = JSON.parse(canonicalData);
  const chain = options.chain ?? db;
  const record = (head) => {
    const time = new Date((options.clock ?? Date.now)()).toISOString();
    const unsigned = { seq: head.seq + 1, prev_hash: head.hash, time, kind, actor, subject, data };
    return { ...unsigned, hash: auditRecordHash(unsigned) };
  };
  const values = (r) => [r.seq, r.prev_hash, r.hash, r.time, kind, actor, subject, canonicalData];
  const guessed = async () => {
    const head = heads.get(chain);
    if (!head) return void 0;
    const r = record(head);
    const extra = joined?.ctes(10);
    const { rows } = await db.query(
      `WITH head AS (UPDATE audit_head SET seq = $1, hash = $3 WHERE id = 1 AND seq = $9 AND hash = $2${extra?.guard ? ` AND (${extra.guard})` : ""} RETURNING seq)${extra ? `, ${extra.sql}` : ""} INSERT INTO audit_log (seq, prev_hash, hash, time, kind, actor, subject, data) SELECT $1, $2, $3, $4, $5, $6, $7, $8::jsonb FROM head RETURNING seq`,
      [...values(r), head.seq, ...extra?.params ?? []]
    );
    return rows.length === 1 ? r : void 0;
  };
  const locked = () => db.transaction(async (tx) => {
    const { rows } = await tx.query("SELECT seq, hash FROM audit_head WHERE id = 1 FOR UPDATE");
    const head = rows[0];
    if (!head) throw new AuditError("record_invalid", "the audit chain head is missing; the database was not migrated");
    const r = record(head);
    await tx.query("INSERT INTO audit_log (seq, prev_hash, hash, time, kind, actor, subject, data) VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb)", values(r));
    await tx.query("UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1", [r.seq, r.hash]);
    return r;
  });
  const run = async () => {
    const guess = await guessed();
    if (guess) {
      heads.set(chain, { seq: guess.seq, hash: guess.hash });
      return guess;
    }
    if (joined) return void await joined.otherwise();
    const r = await locked();
    heads.set(chain, { seq: r.seq, hash: r.hash });
    return r;
  };
  if (options.chain) return run();
  const previous = queues.get(chain) ?? Promise.resolve();
  const current = previous.then(run, run);
  const tail = current.catch(() => void 0);
  queues.set(chain, tail);
  try {
    return await current;
  } finally {
    if (queues.get(chain) === tail) queues.delete(chain);
  }
}

// src/store/audited-transition.ts
async function auditedTransition(db, change, audit, clock) {
  return db.transaction(async (tx) => {
    const changed = await change(tx);
    if (changed && audit) {
      const joined = {
        backend: db.backend,
        query: (sql, params) => tx.query(sql, params),
        transaction: (fn) => fn(tx),
        close: async () => void 0
      };
      await appendAudit(joined, audit, { clock, chain: db });
    }
    return changed;
  });
}

export {
  AuditError,
  appendAudit,
  appendAuditWith,
  auditedTransition
};
