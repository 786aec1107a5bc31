/**
 * Exact secret values Airlock minted or resolved, and the encodings an agent could use to
 * smuggle them out (THREATS.md B.15): base64 and base64url at every byte alignment, hex, URL
 * encoding, reversal. A small set searched with native indexOf per needle.
 */
export interface KnownValue {
  readonly value: string;
  /** A name safe to print, e.g. `vault:kv/deploy#password` or `github-installation-token`. */
  readonly label: string;
}

export interface KnownNeedle {
  readonly needle: string;
  readonly encoding: string | undefined;
  readonly value: string;
  readonly label: string;
}

/** Shortest value matched: shorter ones would match by chance. */
export const MIN_KNOWN_VALUE_LENGTH = 8;

/** Base64 characters fully determined by `value` when it starts `offset` bytes into a stream. */
function base64Core(value: Buffer, offset: number, url: boolean): string {
  const total = offset + value.length;
  const enc = Buffer.concat([Buffer.alloc(offset), value]).toString(url ? 'base64url' : 'base64');
  const start = offset === 0 ? 0 : offset === 1 ? 2 : 3;
  const rest = total % 3;
  const end = Math.floor(total / 3) * 4 + (rest === 0 ? 0 : rest === 1 ? 1 : 2);
  return enc.slice(start, end);
}

export class KnownValues {
  readonly needles: readonly KnownNeedle[];
  /** Longest needle: the streaming overlap must cover it. */
  readonly maxNeedleLength: number;

  constructor(values: readonly KnownValue[]) {
    const needles = new Map<string, KnownNeedle>();
    const add = (needle: string, encoding: string | undefined, v: KnownValue): void => {
      if (needle.length >= MIN_KNOWN_VALUE_LENGTH && !needles.has(needle))
        needles.set(needle, { needle, encoding, value: v.value, label: v.label });
    };
    for (const v of values) {
      if (v.value.length < MIN_KNOWN_VALUE_LENGTH) continue;
      const bytes = Buffer.from(v.value, 'utf8');
      add(v.value, undefined, v);
      for (let offset = 0; offset < 3; offset++) {
        add(base64Core(bytes, offset, false), 'base64', v);
        add(base64Core(bytes, offset, true), 'base64url', v);
      }
      add(bytes.toString('hex'), 'hex', v);
      add(bytes.toString('hex').toUpperCase(), 'hex', v);
      add(encodeURIComponent(v.value), 'url', v);
      add([...v.value].reverse().join(''), 'reversed', v);
    }
    this.needles = [...needles.values()];
    this.maxNeedleLength = Math.max(0, ...this.needles.map((n) => n.needle.length));
  }

  /** Calls `found` for each needle occurrence starting in [from, to). */
  find(
    text: string,
    from: number,
    to: number,
    found: (start: number, needle: KnownNeedle) => void,
  ): void {
    for (const n of this.needles) {
      let i = text.indexOf(n.needle, from);
      while (i >= 0 && i < to) {
        found(i, n);
        i = text.indexOf(n.needle, i + 1);
      }
    }
  }
}
