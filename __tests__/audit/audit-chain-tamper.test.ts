import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { appendAudit } from '../../src/audit/append-audit.js';
import {
  AUDIT_KINDS,
  GENESIS_HASH,
  auditRecordHash,
  type AuditHead,
  type AuditRecord,
} from '../../src/audit/audit-record.js';
import { readAuditLog } from '../../src/audit/read-audit-log.js';
import { verifyAuditChain, type AuditBreakCode } from '../../src/audit/verify-audit-chain.js';
import { openDatabase, type Database } from '../../src/store/database.js';
import { testBackends } from '../support/test-databases.js';

// mulberry32: a tiny seeded PRNG, so every failure reproduces.
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const RECORDS = 30;
const ROUNDS = 600;
const T0 = Date.parse('2026-03-01T12:00:00.000Z');

// Data that must survive jsonb and come back hashing the same on both backends.
const sampleData = (i: number): Record<string, unknown> => ({
  step: i,
  ratio: i / 7,
  big: 9007199254740991 - i,
  tiny: 1e-7 * (i + 1),
  huge: 1e21,
  neg: -i,
  flags: [true, false, null],
  text: `quote " backslash \\ newline \n tab \t é € 😀 #${i}`,
  nested: { z: { y: [i, { x: 'deep' }] }, a: {}, B: [] },
  é: 'key order',
  '10': 'ten',
  '9': 'nine',
});

type Tamper = { name: string; records: unknown[]; expect?: { seq: number; code: AuditBreakCode } };

function tamper(records: AuditRecord[], random: () => number): Tamper {
  const n = records.length;
  const pick = (k: number): number => Math.floor(random() * k);
  const copy = (): AuditRecord[] => records.map((r) => structuredClone(r));
  const flipHex = (hex: string): string => {
    const at = pick(hex.length);
    const digit = '0123456789abcdef'.replace(hex[at]!, '')[pick(15)]!;
    return hex.slice(0, at) + digit + hex.slice(at + 1);
  };
  const editContent = (r: AuditRecord): void => {
    switch (pick(6)) {
      case 0:
        r.time = new Date(Date.parse(r.time) + 1 + pick(1000)).toISOString();
        break;
      case 1:
        r.kind = AUDIT_KINDS.filter((k) => k !== r.kind)[pick(AUDIT_KINDS.length - 1)]!;
        break;
      case 2:
        r.actor = `${r.actor}x`;
        break;
      case 3:
        r.subject = r.subject.slice(1) || 'y';
        break;
      case 4:
        r.data = { ...r.data, step: typeof r.data.step === 'number' ? r.data.step + 1 : 1 };
        break;
      default:
        r.data = { ...r.data, injected: pick(100) };
    }
  };
  const rehash = (r: AuditRecord): void => {
    r.hash = auditRecordHash(r);
  };
  const i = pick(n);
  switch (pick(8)) {
    case 0: {
      const out = copy();
      const r = out[i]!;
      const field = pick(4);
      if (field === 0) r.seq += 1 + pick(5);
      else if (field === 1) r.prev_hash = flipHex(r.prev_hash);
      else if (field === 2) r.hash = flipHex(r.hash);
      else editContent(r);
      return {
        name: `edit field of seq ${i + 1}`,
        records: out,
        expect: { seq: i + 1, code: 'hash_mismatch' },
      };
    }
    case 1: {
      const out = copy();
      editContent(out[i]!);
      rehash(out[i]!);
      return {
        name: `edit and rehash seq ${i + 1}`,
        records: out,
        expect:
          i < n - 1
            ? { seq: i + 2, code: 'prev_hash_mismatch' }
            : { seq: n, code: 'head_mismatch' },
      };
    }
    case 2: {
      // The strongest attacker without the head row: rewrite everything after the edit.
      const out = copy();
      editContent(out[i]!);
      for (let k = i; k < n; k++) {
        if (k > 0) out[k]!.prev_hash = out[k - 1]!.hash;
        rehash(out[k]!);
      }
      return {
        name: `rewrite chain from seq ${i + 1}`,
        records: out,
        expect: { seq: n, code: 'head_mismatch' },
      };
    }
    case 3: {
      const out = copy();
      out.splice(i, 1);
      return {
        name: `delete seq ${i + 1}`,
        records: out,
        expect: { seq: i + 1, code: i < n - 1 ? 'seq_mismatch' : 'head_mismatch' },
      };
    }
    case 4: {
      const p = pick(n + 1);
      const forged = {
        seq: p + 1,
        prev_hash: p === 0 ? GENESIS_HASH : records[p - 1]!.hash,
        time: new Date(T0).toISOString(),
        kind: 'override' as const,
        actor: 'github:mallory',
        subject: 'octo/widgets',
        data: { forged: true },
      };
      const out: unknown[] = copy();
      out.splice(p, 0, { ...forged, hash: auditRecordHash(forged) });
      return {
        name: `insert a well-formed forged record at seq ${p + 1}`,
        records: out,
        expect:
          p < n ? { seq: p + 2, code: 'seq_mismatch' } : { seq: n + 1, code: 'head_mismatch' },
      };
    }
    case 5: {
      const p = pick(n + 1);
      const out: unknown[] = copy();
      out.splice(p, 0, {
        ...records[pick(n)]!,
        hash: flipHex(records[0]!.hash),
        actor: 'github:mallory',
      });
      return {
        name: `insert a forged record with a bad hash at position ${p + 1}`,
        records: out,
        expect: { seq: p + 1, code: 'hash_mismatch' },
      };
    }
    case 6: {
      const j = (i + 1 + pick(n - 1)) % n;
      const [a, b] = [Math.min(i, j), Math.max(i, j)];
      const out = copy();
      [out[a], out[b]] = [out[b]!, out[a]!];
      return {
        name: `swap seq ${a + 1} and ${b + 1}`,
        records: out,
        expect: { seq: a + 1, code: 'seq_mismatch' },
      };
    }
    default: {
      // Several tamperings at once: only detection is asserted.
      let out: AuditRecord[] = copy();
      const times = 2 + pick(3);
      for (let k = 0; k < times; k++) out = tamper(out, random).records as AuditRecord[];
      return { name: `${times} tamperings at once`, records: out };
    }
  }
}

describe.each(testBackends)('audit chain tampering on $name', (backend) => {
  let db: Database;
  let records: AuditRecord[];
  let head: AuditHead;
  beforeAll(async () => {
    db = await openDatabase(await backend.target());
    for (let i = 0; i < RECORDS; i++) {
      await appendAudit(
        db,
        {
          kind: AUDIT_KINDS[i % AUDIT_KINDS.length]!,
          actor: `github:user${i % 4}`,
          subject: `octo/widgets#${i}`,
          data: sampleData(i),
        },
        { clock: () => T0 + i * 1000 },
      );
    }
    records = [];
    head = await readAuditLog(db, (r) => void records.push(r), 7);
  });
  afterAll(async () => db?.close());

  it('verifies the untouched log read back from the database', () => {
    expect(records.map((r) => r.seq)).toEqual(Array.from({ length: RECORDS }, (_, i) => i + 1));
    expect(verifyAuditChain(records, { head })).toEqual({ ok: true, count: RECORDS, head });
  });

  it(`catches every one of ${ROUNDS} random tamperings and names where the chain breaks`, () => {
    const random = prng(backend.name === 'pglite' ? 20260301 : 19700101);
    const missed: string[] = [];
    const misplaced: string[] = [];
    const seenKinds = new Set<string>();
    for (let round = 0; round < ROUNDS; round++) {
      const t = tamper(records, random);
      seenKinds.add(t.name.replace(/[0-9]+/g, 'N'));
      const result = verifyAuditChain(t.records, { head });
      if (result.ok) missed.push(`round ${round}: ${t.name}`);
      else if (t.expect && (result.seq !== t.expect.seq || result.code !== t.expect.code)) {
        misplaced.push(
          `round ${round}: ${t.name}: expected ${t.expect.code}@${t.expect.seq}, got ${result.code}@${result.seq}`,
        );
      }
    }
    expect(missed).toEqual([]);
    expect(misplaced).toEqual([]);
    // Every kind of tampering was actually tried.
    expect(seenKinds.size).toBeGreaterThanOrEqual(8);
  });

  it('without the head, still catches everything except changes at the very end, which an anchor catches', () => {
    const truncated = records.slice(0, -1);
    expect(verifyAuditChain(truncated).ok).toBe(true);
    const anchor = { seq: head.seq, hash: head.hash };
    expect(verifyAuditChain(truncated, { anchor })).toMatchObject({
      ok: false,
      code: 'anchor_mismatch',
      seq: RECORDS,
    });
    const rewritten = records.map((r) => structuredClone(r));
    rewritten[4]!.actor = 'github:mallory';
    for (let k = 4; k < RECORDS; k++) {
      if (k > 0) rewritten[k]!.prev_hash = rewritten[k - 1]!.hash;
      rewritten[k]!.hash = auditRecordHash(rewritten[k]!);
    }
    expect(
      verifyAuditChain(rewritten, { anchor: { seq: 10, hash: records[9]!.hash } }),
    ).toMatchObject({ ok: false, code: 'anchor_mismatch', seq: 10 });
  });

  it('reports malformed records, including fields the hash does not cover', () => {
    expect(verifyAuditChain([...records.slice(0, 3), 'not json'], { head })).toMatchObject({
      ok: false,
      code: 'malformed',
      seq: 4,
    });
    const extra = records.map((r, i) => (i === 2 ? { ...r, note: 'added later' } : r));
    expect(verifyAuditChain(extra, { head })).toMatchObject({
      ok: false,
      code: 'malformed',
      seq: 3,
    });
    expect(verifyAuditChain([], { head: { seq: 0, hash: GENESIS_HASH } })).toEqual({
      ok: true,
      count: 0,
      head: { seq: 0, hash: GENESIS_HASH },
    });
  });
});
