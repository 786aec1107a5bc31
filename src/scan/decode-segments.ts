import { constants, gunzipSync } from 'node:zlib';

/**
 * Bounded discovery and decoding of encoded segments (base64, hex, URL escapes, gzip) so the
 * scanner can look inside them (THREATS.md B.15-16). Every limit is per segment, so the result
 * for a segment depends only on text near it (needed for streaming == batch).
 */
export type SegmentEncoding = 'base64' | 'hex' | 'url' | 'gzip' | 'json-escape';

export interface EncodedSegment {
  readonly start: number;
  readonly end: number;
  readonly encoding: SegmentEncoding;
  readonly decoded: string;
}

/** Longest encoded segment decoded; longer runs are left alone. */
export const MAX_SEGMENT_CHARS = 16_384;
/** Largest gzip output accepted (a bomb stops here). */
export const MAX_GUNZIP_BYTES = 65_536;
/**
 * Shortest base64/hex run considered (base64 of 23+ bytes); sampling aligned blocks of BLOCK
 * characters guarantees that every run of 2 × BLOCK − 1 characters covers a whole block.
 */
const BLOCK = 16;
const MIN_RUN = 2 * BLOCK - 1;
/**
 * At most one gzip inflation is attempted per aligned block of this many characters (first
 * candidate wins): starting zlib costs tens of microseconds, and a text made of gzip headers
 * must not cost that per byte. Aligned blocks keep the choice independent of where a scan starts.
 */
export const GZIP_BLOCK = 1024;

const B64 = new Uint8Array(256);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/-_')
  B64[c.charCodeAt(0)] = 1;
const HEXC = new Uint8Array(256);
for (const c of '0123456789abcdefABCDEF') HEXC[c.charCodeAt(0)] = 1;

/** Character classes of a run, as bits: what classifyRun needs, without slicing the run. */
const UPPER = 1;
const LOWER = 2;
const DIGIT = 4;
const NOT_HEX = 8;
/** Set on base64 characters, so one lookup both extends a run and classifies it. */
const IN_RUN = 16;
const CLASS = new Uint8Array(256);
for (let c = 0; c < 256; c++) {
  const ch = String.fromCharCode(c);
  CLASS[c] =
    (/[A-Z]/.test(ch) ? UPPER : 0) |
    (/[a-z]/.test(ch) ? LOWER : 0) |
    (/[0-9]/.test(ch) ? DIGIT : 0) |
    (/[0-9a-fA-F]/.test(ch) ? 0 : NOT_HEX) |
    (B64[c] === 1 ? IN_RUN : 0);
}

const isB64 = (text: string, i: number): boolean => {
  const c = text.charCodeAt(i);
  return c < 256 && B64[c] === 1;
};

/** Printable enough to be worth scanning: at least 90% of characters are text. */
function isMostlyText(s: string): boolean {
  if (s.length < 8) return false;
  let bad = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13) || c > 126) bad++;
  }
  return bad * 10 <= s.length;
}

/** isMostlyText of `bytes[0, n)` read as latin1, without making the string. */
function isMostlyTextBytes(bytes: Uint8Array, n: number): boolean {
  if (n < 8) return false;
  let bad = 0;
  for (let i = 0; i < n; i++) {
    const c = bytes[i]!;
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13) || c > 126) bad++;
  }
  return bad * 10 <= n;
}

/**
 * Where a run is decoded before it is judged: most runs of source (paths, identifiers) decode to
 * binary and are dropped, and a Buffer each (external memory) drove V8 into garbage collections.
 * Base64 of MAX_SEGMENT_CHARS is 3/4 of it; hex half. Reused: a run's bytes are read before
 * the next run is decoded (the decoded text is a string of its own).
 */
const RUN_BYTES = Buffer.alloc(MAX_SEGMENT_CHARS);

function gunzip(bytes: Buffer): string | undefined {
  try {
    const out = gunzipSync(bytes, {
      maxOutputLength: MAX_GUNZIP_BYTES,
      finishFlush: constants.Z_SYNC_FLUSH,
    });
    return out.toString('latin1');
  } catch {
    return undefined;
  }
}

/** RFC 1952 member header: magic, deflate, no reserved flag bits, a known XFL value. */
function plausibleGzip(bytes: Buffer): boolean {
  return (
    bytes.length >= 18 &&
    bytes[0] === 0x1f &&
    bytes[1] === 0x8b &&
    bytes[2] === 8 &&
    (bytes[3]! & 0xe0) === 0 &&
    [0, 2, 4].includes(bytes[8]!)
  );
}

function classifyRun(
  run: string,
  gzipAllowed: () => boolean,
): { encoding: SegmentEncoding; decoded: string } | undefined {
  let hex = true;
  let upper = false;
  let lower = false;
  let digit = false;
  for (let i = 0; i < run.length; i++) {
    const c = run.charCodeAt(i);
    if (HEXC[c] !== 1) hex = false;
    if (c >= 65 && c <= 90) upper = true;
    else if (c >= 97 && c <= 122) lower = true;
    else if (c >= 48 && c <= 57) digit = true;
  }
  if (hex && run.length % 2 === 0 && digit && !(upper && lower)) {
    const n = RUN_BYTES.write(run, 'hex');
    return isMostlyTextBytes(RUN_BYTES, n) ? { encoding: 'hex', decoded: RUN_BYTES.toString('latin1', 0, n) } : undefined;
  }
  if (!(upper && lower && digit)) return undefined;
  const n = RUN_BYTES.write(run, run.includes('-') || run.includes('_') ? 'base64url' : 'base64');
  const bytes = RUN_BYTES.subarray(0, n);
  if (n >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    if (!plausibleGzip(bytes) || !gzipAllowed()) return undefined;
    const decoded = gunzip(bytes);
    return decoded !== undefined && isMostlyText(decoded)
      ? { encoding: 'gzip', decoded }
      : undefined;
  }
  return isMostlyTextBytes(bytes, n) ? { encoding: 'base64', decoded: bytes.toString('latin1') } : undefined;
}

/** First aligned block start in [k, limit) whose BLOCK characters are all base64, or -1. */
function nextFullBlockBytes(bytes: Uint8Array, k: number, limit: number): number {
  for (; k < limit; k += BLOCK) {
    // Spread probes first: characters 4 apart rarely belong to the same word, so a block of
    // ordinary text usually fails on the first or second.
    if (
      B64[bytes[k + 15]!] === 0 ||
      B64[bytes[k + 7]!] === 0 ||
      B64[bytes[k + 11]!] === 0 ||
      B64[bytes[k + 3]!] === 0
    )
      continue;
    let j = k + BLOCK - 1;
    while (j >= k && B64[bytes[j]!] === 1) j--;
    if (j < k) return k;
  }
  return -1;
}

function nextFullBlockText(text: string, k: number, limit: number): number {
  for (; k < limit; k += BLOCK) {
    let j = k + BLOCK - 1;
    while (j >= k && isB64(text, j)) j--;
    if (j < k) return k;
  }
  return -1;
}

/**
 * Where each finder stopped, as absolute offsets. A stream scanner hands the same cursor to
 * consecutive windows, so every decision (which runs and escapes start a segment, which gzip
 * candidate a block tries) is taken once, in order, exactly as one pass over the whole text
 * takes it; nothing before a window is searched again.
 */
export class SegmentCursor {
  /** Next aligned block the base64/hex sampler reads. */
  nextBlock = 0;
  /** True while walking through a run too long to be a segment whose end is not yet known. */
  inLongRun = false;
  /** GZIP_BLOCK of the last base64 run inflated. */
  base64GzipBlock = -1;
  /** End of the last URL-escaped segment; `%` before it belongs to it. */
  urlEnd = -1;
  /** End of the last JSON-escaped segment. */
  jsonEnd = -1;
  /** GZIP_BLOCK of the last raw gzip member inflated. */
  rawGzipBlock = -1;
}

/**
 * Encoded segments whose evidence lies in [from, to) of `text`: base64/hex runs with an
 * aligned block sampled there, `%XX` and `\uXXXX` escapes, raw gzip magic. Offsets are into
 * `text`, whose first character is at absolute offset `base` (the cursor's frame). A segment may
 * start up to MAX_SEGMENT_CHARS + 1 before its evidence and end MAX_SEGMENT_CHARS + 2 after it:
 * `text` must hold that much around [from, to) unless it reaches the start or end of the
 * stream. Base64/hex runs are found by sampling aligned blocks of BLOCK characters (a run of
 * MIN_RUN or more always covers one), so most of the text is skipped after reading a character
 * or two per block.
 */
export function findEncodedSegments(
  text: string,
  from: number,
  to: number,
  bytes?: Uint8Array,
  cursor: SegmentCursor = new SegmentCursor(),
  base = 0,
): EncodedSegment[] {
  const out: EncodedSegment[] = [];
  findEncodedRuns(text, from, to, bytes, cursor, base, out);
  findUrlSegments(text, from, to, cursor, base, out);
  findJsonEscapes(text, from, to, cursor, base, out);
  findRawGzip(text, from, to, cursor, base, out);
  return out;
}

function findEncodedRuns(
  text: string,
  from: number,
  to: number,
  bytes: Uint8Array | undefined,
  cursor: SegmentCursor,
  base: number,
  out: EncodedSegment[],
): void {
  const len = text.length;
  const b64At =
    bytes !== undefined
      ? (i: number): boolean => B64[bytes[i]!] === 1
      : (i: number): boolean => isB64(text, i);
  let next = Math.max(from, cursor.nextBlock - base);
  if (cursor.inLongRun) {
    // Still inside a run longer than any segment: walk on to its end, then sample after it.
    while (next < len && b64At(next)) next++;
    if (next === len && to < len) {
      cursor.nextBlock = base + next;
      return;
    }
    cursor.inLongRun = false;
    next = Math.ceil((base + next) / BLOCK) * BLOCK - base;
  }
  // Blocks are aligned on absolute offsets; the last one must fit in the text.
  const limit = Math.min(to, len - BLOCK + 1);
  for (;;) {
    const k =
      bytes !== undefined
        ? nextFullBlockBytes(bytes, next, limit)
        : nextFullBlockText(text, next, limit);
    if (k < 0) break;
    let s = k;
    let e = k + BLOCK;
    // Character classes of the run, gathered while walking to its ends.
    let cls = 0;
    if (bytes !== undefined) {
      for (let i = k; i < e; i++) cls |= CLASS[bytes[i]!]!;
      for (; s > 0 && k - s <= MAX_SEGMENT_CHARS; s--) {
        const c = CLASS[bytes[s - 1]!]!;
        if ((c & IN_RUN) === 0) break;
        cls |= c;
      }
      for (; e < len; e++) {
        const c = CLASS[bytes[e]!]!;
        if ((c & IN_RUN) === 0) break;
        cls |= c;
      }
    } else {
      while (s > 0 && k - s <= MAX_SEGMENT_CHARS && isB64(text, s - 1)) s--;
      while (e < len && isB64(text, e)) e++;
      for (let i = s; i < e; i++) cls |= CLASS[text.charCodeAt(i) & 255]!;
    }
    if (e === len && to < len) {
      // The text ends inside the run: the window holds more than MAX_SEGMENT_CHARS after
      // `to`, so the run is too long to be a segment; its end is found in a later window.
      cursor.inLongRun = true;
      cursor.nextBlock = base + e;
      return;
    }
    // Blocks starting inside this run belong to it: resume at the first block after it.
    next = Math.ceil((base + e) / BLOCK) * BLOCK - base;
    if (e - s < MIN_RUN || e - s > MAX_SEGMENT_CHARS) continue;
    // Base64 of text has upper, lower and digits; hex has digits and one case. Most runs in
    // source (identifiers, paths) have neither and are dropped without slicing.
    const b64ish = (cls & (UPPER | LOWER | DIGIT)) === (UPPER | LOWER | DIGIT);
    const hexish = (cls & NOT_HEX) === 0 && (cls & DIGIT) !== 0;
    if (!b64ish && !hexish) continue;
    if (s > 0 && text.charCodeAt(s - 1) === 61 /* '=' */) continue;
    let end = e;
    while (end < len && end - e < 2 && text.charCodeAt(end) === 61) end++;
    const found = classifyRun(text.slice(s, e), () => {
      const block = Math.floor((base + s) / GZIP_BLOCK);
      if (block === cursor.base64GzipBlock) return false;
      cursor.base64GzipBlock = block;
      return true;
    });
    if (found) out.push({ start: s, end, ...found });
  }
  cursor.nextBlock = base + Math.max(next, limit);
}

const URL_CHAR = new Uint8Array(256);
for (const c of "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789%._~+!*'()=&:/?@;,$-")
  URL_CHAR[c.charCodeAt(0)] = 1;
const isUrlChar = (text: string, i: number): boolean => {
  const c = text.charCodeAt(i);
  return c < 256 && URL_CHAR[c] === 1;
};

const isHex = (c: number): boolean => c < 256 && HEXC[c] === 1;

function findUrlSegments(
  text: string,
  from: number,
  to: number,
  cursor: SegmentCursor,
  base: number,
  out: EncodedSegment[],
): void {
  for (let p = text.indexOf('%', from); p >= 0 && p < to; p = text.indexOf('%', p + 1)) {
    if (base + p < cursor.urlEnd || !isHex(text.charCodeAt(p + 1)) || !isHex(text.charCodeAt(p + 2)))
      continue;
    let s = p;
    while (s > 0 && p - s < 256 && isUrlChar(text, s - 1)) s--;
    let e = p + 3;
    while (e < text.length && e - s < MAX_SEGMENT_CHARS && isUrlChar(text, e)) e++;
    cursor.urlEnd = base + e;
    const seg = text.slice(s, e);
    if ((seg.match(/%[0-9A-Fa-f]{2}/g)?.length ?? 0) < 2) continue;
    let decoded: string;
    try {
      decoded = decodeURIComponent(seg.replace(/\+/g, ' '));
    } catch {
      continue;
    }
    out.push({ start: s, end: e, encoding: 'url', decoded });
  }
}

/**
 * JSON string escapes (`\u0067hp_...`, RFC 8259 section 7): a segment of a JSON string
 * holding at least two `\uXXXX` escapes is decoded with JSON.parse and scanned.
 */
function findJsonEscapes(
  text: string,
  from: number,
  to: number,
  cursor: SegmentCursor,
  base: number,
  out: EncodedSegment[],
): void {
  for (let p = text.indexOf('\\u', from); p >= 0 && p < to; p = text.indexOf('\\u', p + 1)) {
    if (base + p < cursor.jsonEnd) continue;
    let s = p;
    while (s > 0 && p - s < 256 && text[s - 1] !== '"' && text[s - 1] !== '\n') s--;
    let e = p + 2;
    while (
      e < text.length &&
      e - s < MAX_SEGMENT_CHARS &&
      (text[e] !== '"' || text[e - 1] === '\\') &&
      text[e] !== '\n'
    )
      e++;
    cursor.jsonEnd = base + e;
    const seg = text.slice(s, e);
    if ((seg.match(/\\u[0-9A-Fa-f]{4}/g)?.length ?? 0) < 2) continue;
    let decoded: unknown;
    try {
      decoded = JSON.parse(`"${seg}"`);
    } catch {
      continue;
    }
    if (typeof decoded === 'string')
      out.push({ start: s, end: e, encoding: 'json-escape', decoded });
  }
}

function findRawGzip(
  text: string,
  from: number,
  to: number,
  cursor: SegmentCursor,
  base: number,
  out: EncodedSegment[],
): void {
  for (
    let i = text.indexOf('\x1f\x8b\x08', from);
    i >= 0 && i < to;
    i = text.indexOf('\x1f\x8b\x08', i + 1)
  ) {
    const block = Math.floor((base + i) / GZIP_BLOCK);
    if (block === cursor.rawGzipBlock || !plausibleGzip(Buffer.from(text.slice(i, i + 18), 'latin1')))
      continue;
    const chunk = text.slice(i, i + MAX_SEGMENT_CHARS);
    const bytes = Buffer.from(chunk, 'latin1');
    cursor.rawGzipBlock = block;
    const decoded = gunzip(bytes);
    if (decoded !== undefined && isMostlyText(decoded))
      out.push({ start: i, end: i + chunk.length, encoding: 'gzip', decoded });
  }
}

/** Maps [start, end) in a segment's decoded text back to the encoded span. */
export function mapDecodedSpan(
  seg: EncodedSegment,
  start: number,
  end: number,
): { start: number; end: number } {
  if (seg.encoding === 'hex')
    return { start: seg.start + 2 * start, end: Math.min(seg.end, seg.start + 2 * end) };
  if (seg.encoding === 'base64')
    return {
      start: seg.start + Math.floor(start / 3) * 4,
      end: Math.min(seg.end, seg.start + Math.ceil(end / 3) * 4),
    };
  return { start: seg.start, end: seg.end };
}
