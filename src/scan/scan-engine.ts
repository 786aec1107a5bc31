import { ScanError } from './scan-error.js';
import {
  ALLOW_FILE_HEAD,
  ALLOW_FILE_MARKER,
  ALLOW_MARKER,
  type AllowList,
  hasInlineAllow,
} from './allow-list.js';
import {
  findEncodedSegments,
  mapDecodedSpan,
  MAX_SEGMENT_CHARS,
  type SegmentCursor,
} from './decode-segments.js';
import type { FindingKind } from './finding.js';
import type { KnownValues } from './known-values.js';
import { genericLookAlikeReason, looksRandomLetters, placeholderReason } from './look-alike.js';
import type { CompiledRule, RuleSet } from './rule-set.js';
import { shannonEntropy } from './shannon-entropy.js';
import { validateSecret } from './validate-secret.js';

/** A finding before line numbers and redaction: offsets into the scanned window's text. */
export interface RawFinding {
  readonly ruleId: string;
  readonly description: string;
  readonly tokenType: string;
  readonly kind: FindingKind;
  readonly confidence: 'high' | 'medium' | 'low';
  readonly start: number;
  readonly end: number;
  /** Held only in memory, for redaction and tokenisation; never serialised into a Finding. */
  readonly secret: string;
  /** Public prefix the preview may show (e.g. `ghp_`). */
  readonly publicPrefix: string;
  readonly encoding: readonly string[];
  /** Order of rules, for deterministic tie-breaking. */
  readonly order: number;
}

export interface EngineContext {
  readonly rules: RuleSet;
  readonly knownValues: KnownValues | undefined;
  readonly allowList: AllowList;
  readonly decode: boolean;
  readonly maxDecodeDepth: number;
  /** performance.now() deadline; undefined for none. */
  readonly deadline: number | undefined;
}

const CONFIDENCE_RANK = { high: 3, medium: 2, low: 1 } as const;
const KIND_RANK: Record<FindingKind, number> = { 'known-value': 3, pattern: 2, generic: 1 };
const AWS_PAIR_REACH = 256;
/** Slack beyond a segment's longest run (its sampled block, `=` padding). */
const BLOCK_SLACK = 64;
/** How many characters of an identifier before a generic keyword count as its name. */
const NAME_REACH = 32;

function secretSpan(
  cr: CompiledRule,
  m: RegExpExecArray,
): { start: number; end: number; secret: string } | undefined {
  const g = cr.rule.secretGroup ?? 0;
  if (g === 0) return { start: m.index, end: m.index + m[0].length, secret: m[0] };
  for (let i = g; i < m.length; i++) {
    const v = m[i];
    const span = m.indices?.[i];
    if (v !== undefined && span !== undefined) return { start: span[0], end: span[1], secret: v };
  }
  return undefined;
}

function charClasses(v: string): {
  lower: boolean;
  upper: boolean;
  digit: boolean;
  symbol: boolean;
} {
  return {
    lower: /[a-z]/.test(v),
    upper: /[A-Z]/.test(v),
    digit: /[0-9]/.test(v),
    symbol: /[^A-Za-z0-9]/.test(v),
  };
}

/**
 * The tuned thresholds for a generic value. Entropy is compared with a share of the most a
 * string of that length can have (log2 of its length), capped, so short passwords are judged
 * fairly; quoted values may be plainer than bare ones (bare words are usually code).
 */
function genericValueOk(value: string, quoted: boolean): boolean {
  const c = charClasses(value);
  const classes = Number(c.lower) + Number(c.upper) + Number(c.digit) + Number(c.symbol);
  const h = shannonEntropy(value);
  const room = Math.log2(value.length);
  if (quoted)
    return (
      value.length >= 8 &&
      ((classes >= 2 && (c.digit || c.symbol)) || looksRandomLetters(value)) &&
      h >= Math.min(3.0, 0.75 * room)
    );
  // Bare values in code are expressions: `Foo$1`, `options2.privateKey`, `CompositeKey_1`.
  if (value.includes('$') || /[A-Za-z0-9_]\.[A-Za-z_]/.test(value)) return false;
  const digits = value.replace(/[^0-9]/g, '').length;
  if (/^[A-Za-z0-9_]+$/.test(value) && digits < 2 && !looksRandomLetters(value)) return false;
  return (
    value.length >= 10 &&
    c.digit &&
    (c.lower || c.upper) &&
    classes >= 2 &&
    h >= Math.min(3.3, 0.82 * room)
  );
}

/** The identifier a generic value was assigned to: up to NAME_REACH characters before the keyword, through `end`. */
function assignedName(text: string, hit: number, end: number): string {
  let s = hit;
  while (s > 0 && hit - s < NAME_REACH && /[A-Za-z0-9_.-]/.test(text[s - 1]!)) s--;
  return text.slice(s, end);
}

function tryRule(text: string, cr: CompiledRule, hit: number, out: RawFinding[]): void {
  const rule = cr.rule;
  const re = cr.regex;
  let m: RegExpExecArray | null = null;
  const lookback = rule.lookback ?? 0;
  for (let s = Math.max(0, hit - lookback); s <= hit && m === null; s++) {
    re.lastIndex = s;
    m = re.exec(text);
  }
  if (m === null) return;
  const span = secretSpan(cr, m);
  if (span === undefined) return;
  const { secret } = span;
  if (rule.minEntropy !== undefined && shannonEntropy(secret) < rule.minEntropy) return;
  if (rule.validator !== undefined && !validateSecret(rule.validator, secret)) return;
  if (placeholderReason(secret) !== undefined) return;
  if (rule.mode === 'generic') {
    // A lower-case letter before a lower-case keyword means the keyword is inside a word
    // (`bypass`, `compass`); camelCase (`dbPassword`) and separators are fine.
    const before = hit > 0 ? text.charCodeAt(hit - 1) : 0;
    const first = text.charCodeAt(hit);
    if (before >= 97 && before <= 122 && first >= 97 && first <= 122) return;
    const name = assignedName(text, hit, m.indices?.[1]?.[1] ?? hit);
    if (genericLookAlikeReason(secret, name) !== undefined) return;
    const quoted = m[5] === undefined;
    if (!genericValueOk(secret, quoted)) return;
  } else if (rule.mode === 'strict') {
    if (genericLookAlikeReason(secret, '', true) !== undefined) return;
  }
  const kw = rule.keywords.find((k) => secret.toLowerCase().startsWith(k.toLowerCase()));
  out.push({
    ruleId: rule.id,
    description: rule.description,
    tokenType: rule.tokenType,
    kind: rule.mode === 'generic' ? 'generic' : 'pattern',
    confidence: rule.confidence,
    start: span.start,
    end: span.end,
    secret,
    publicPrefix: kw !== undefined && kw.length <= 8 ? secret.slice(0, kw.length) : '',
    encoding: [],
    order: cr.index,
  });
}

/**
 * AWS secret access keys have no prefix: accept a 40-character base64 string near an access
 * key id (before or after it) when it looks random, pairing the two.
 */
function pairAwsSecrets(text: string, found: RawFinding[], out: RawFinding[]): void {
  for (const f of found) {
    if (f.ruleId !== 'aws-access-key-id') continue;
    const from = Math.max(0, f.start - AWS_PAIR_REACH);
    const window = text.slice(from, Math.min(text.length, f.end + AWS_PAIR_REACH));
    const re = /(?<![A-Za-z0-9/+=])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/g;
    for (let m = re.exec(window); m !== null; m = re.exec(window)) {
      const v = m[0];
      const c = charClasses(v);
      if (
        !(c.lower && c.upper && c.digit) ||
        shannonEntropy(v) < 4.2 ||
        placeholderReason(v) !== undefined
      )
        continue;
      out.push({
        ruleId: 'aws-secret-access-key',
        description: 'AWS secret access key (paired with an access key id)',
        tokenType: 'AWS_SECRET',
        kind: 'pattern',
        confidence: 'high',
        start: from + m.index,
        end: from + m.index + 40,
        secret: v,
        publicPrefix: '',
        encoding: [],
        order: f.order,
      });
    }
  }
}

function outranks(a: RawFinding, b: RawFinding): boolean {
  if (KIND_RANK[a.kind] !== KIND_RANK[b.kind]) return KIND_RANK[a.kind] > KIND_RANK[b.kind];
  if (CONFIDENCE_RANK[a.confidence] !== CONFIDENCE_RANK[b.confidence])
    return CONFIDENCE_RANK[a.confidence] > CONFIDENCE_RANK[b.confidence];
  const la = a.end - a.start;
  const lb = b.end - b.start;
  if (la !== lb) return la > lb;
  if (a.start !== b.start) return a.start < b.start;
  if (a.order !== b.order) return a.order < b.order;
  return a.ruleId < b.ruleId;
}

const encodingKey = (f: RawFinding): string => f.encoding.join(',');

/**
 * A total order on raw findings, so the result never depends on the order evidence was met
 * in (a stream meets it window by window): the same rule at the same span through a decoded
 * and a plain route keeps the same one either way.
 */
function rawOrder(a: RawFinding, b: RawFinding): number {
  if (a.start !== b.start) return a.start - b.start;
  if (a.end !== b.end) return a.end - b.end;
  if (a.order !== b.order) return a.order - b.order;
  if (a.ruleId !== b.ruleId) return a.ruleId < b.ruleId ? -1 : 1;
  const ea = encodingKey(a);
  const eb = encodingKey(b);
  if (ea !== eb) return ea < eb ? -1 : 1;
  return a.secret < b.secret ? -1 : a.secret > b.secret ? 1 : 0;
}

/**
 * Drops every raw finding that overlaps a higher-ranked one. Not transitive on purpose: a
 * finding's fate depends only on raw findings overlapping it, which keeps it local.
 */
export function resolveOverlaps(raw: readonly RawFinding[]): RawFinding[] {
  const sorted = [...raw].sort(rawOrder);
  const keep: RawFinding[] = [];
  for (let i = 0; i < sorted.length; i++) {
    const f = sorted[i]!;
    const prev = sorted[i - 1];
    // The same rule at the same span, reached through two keywords: one finding.
    if (
      prev !== undefined &&
      prev.start === f.start &&
      prev.end === f.end &&
      prev.ruleId === f.ruleId
    )
      continue;
    let beaten = false;
    for (let j = i - 1; j >= 0 && !beaten; j--) {
      const g = sorted[j]!;
      if (f.start - g.start > 20_000) break;
      if (g.end > f.start && outranks(g, f)) beaten = true;
    }
    for (let j = i + 1; j < sorted.length && !beaten; j++) {
      const g = sorted[j]!;
      if (g.start >= f.end) break;
      if (outranks(g, f)) beaten = true;
    }
    if (!beaten) keep.push(f);
  }
  return keep;
}

/**
 * How far the evidence for a finding reaches after it: the longest match (with its
 * look-around), known-value needle or decoded segment. A raw finding is at most this long, and
 * deciding one reads text at most this far past its evidence.
 */
export function engineReach(ctx: EngineContext): number {
  return Math.max(
    ctx.rules.maxMatchChars,
    MAX_SEGMENT_CHARS + 2 * BLOCK_SLACK,
    (ctx.knownValues?.maxNeedleLength ?? 0) + 64,
  );
}

/**
 * How far before its evidence a raw finding may start, and how far back deciding it reads:
 * a base64 run reaches MAX_SEGMENT_CHARS + 1 before the block that revealed it; rule
 * look-back, look-behind, the AWS pairing window (256), the assigned name (32) and escape
 * segments (256) stay well inside the rest.
 */
export const ENGINE_BEHIND = MAX_SEGMENT_CHARS + 1024;

/**
 * Raw findings from the evidence that lies in [from, to) of `text`: keyword hits, known-value
 * needles, encoded segments (see findEncodedSegments), each decided once. Reads text from
 * ENGINE_BEHIND before `from` to `engineReach` after `to` (or the ends of `text`, which must
 * then be the ends of the stream). `segments` carries the segment finders' state from the
 * window before (absolute offsets; `base` is the absolute offset of text[0]). Pure apart from
 * the optional deadline.
 */
export function collectRaw(
  text: string,
  from: number,
  to: number,
  ctx: EngineContext,
  out: RawFinding[],
  bytes?: Uint8Array,
  segments?: SegmentCursor,
  base = 0,
  depth = 0,
): void {
  const { rules, deadline } = ctx;
  const lastTried = new Int32Array(rules.rules.length).fill(-1);
  const fromRules: RawFinding[] = [];
  let hits = 0;
  rules.prefilter.scan(
    text,
    from,
    to,
    (pos, ki) => {
      if (deadline !== undefined && (++hits & 1023) === 0 && performance.now() > deadline)
        throw new ScanError('time-budget', 'scan time budget exceeded');
      for (const cr of rules.byKeyword[ki]!) {
        if (lastTried[cr.index] === pos) continue;
        lastTried[cr.index] = pos;
        tryRule(text, cr, pos, fromRules);
      }
    },
    bytes,
  );
  pairAwsSecrets(text, fromRules, fromRules);
  for (const f of fromRules) out.push(f);
  ctx.knownValues?.find(text, from, to, (start, n) => {
    out.push({
      ruleId: 'known-value',
      description: `Known secret value ${n.label}${n.encoding ? ` (${n.encoding})` : ''}`,
      tokenType: 'KNOWN_SECRET',
      kind: 'known-value',
      confidence: 'high',
      start,
      end: start + n.needle.length,
      secret: n.value,
      publicPrefix: '',
      encoding: n.encoding ? [n.encoding] : [],
      order: -1,
    });
  });
  if (ctx.decode && depth < ctx.maxDecodeDepth) {
    for (const seg of findEncodedSegments(text, from, to, bytes, segments, base)) {
      if (deadline !== undefined && performance.now() > deadline)
        throw new ScanError('time-budget', 'scan time budget exceeded');
      for (const inner of scanWhole(seg.decoded, ctx, depth + 1)) {
        const span = mapDecodedSpan(seg, inner.start, inner.end);
        out.push({ ...inner, ...span, encoding: [seg.encoding, ...inner.encoding] });
      }
    }
  }
}

/**
 * The findings among `raw` that start in [from, to), overlaps resolved and the allow-list
 * applied. `raw` must hold every raw finding that starts before `to + engineReach` and could
 * overlap one starting at `from` or later. `text` (from absolute offset `base`) must hold
 * ALLOW_LINE_REACH characters around each such finding, for inline allow comments.
 */
export function settleFindings(
  raw: readonly RawFinding[],
  from: number,
  to: number,
  ctx: EngineContext,
  text: string,
  base = 0,
  depth = 0,
): RawFinding[] {
  const allow = ctx.allowList;
  let resolved = resolveOverlaps(raw).filter(
    (f) => f.start >= from && f.start < to && !allow.allowsValue(f.secret),
  );
  // One search for the marker first: most texts have none, and then no finding needs a look.
  if (allow.inlineComments && depth === 0 && resolved.length > 0 && text.includes(ALLOW_MARKER))
    resolved = resolved.filter((f) => !hasInlineAllow(text, f.start - base, f.end - base));
  return resolved;
}

/** Every finding in `text` (one window covering it all). */
export function scanWhole(text: string, ctx: EngineContext, depth = 0, bytes?: Uint8Array): RawFinding[] {
  const raw: RawFinding[] = [];
  collectRaw(text, 0, text.length, ctx, raw, bytes, undefined, 0, depth);
  return settleFindings(raw, 0, text.length, ctx, text, 0, depth);
}

/** True when the head of a file opts the whole file out (`airlock:allow-file`). */
export function hasAllowFileMarker(head: string): boolean {
  return head.slice(0, ALLOW_FILE_HEAD).includes(ALLOW_FILE_MARKER);
}
