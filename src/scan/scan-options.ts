import { AllowList, type AllowListConfig } from './allow-list.js';
import { type KnownValue, KnownValues } from './known-values.js';
import { defaultRuleSet, type RuleSet } from './rule-set.js';
import type { EngineContext } from './scan-engine.js';

export interface ScanOptions {
  /** Compiled rules; defaults to every shipped rule. */
  readonly rules?: RuleSet;
  /** Values Airlock minted or resolved: matched exactly and in common encodings. */
  readonly knownValues?: readonly KnownValue[] | KnownValues;
  readonly allowList?: AllowListConfig | AllowList;
  /** Path reported in findings and matched against the allow-list path globs. */
  readonly file?: string;
  /** Look inside base64, hex, URL-encoded and gzip segments (default true). */
  readonly decode?: boolean;
  /** Nesting of encodings followed (default 2: e.g. base64 of gzip). */
  readonly maxDecodeDepth?: number;
  /** Texts longer than this are not scanned (default 50 MiB); the result says so. */
  readonly maxChars?: number;
  /** Time budget in milliseconds; when spent, the result is marked truncated. */
  readonly timeBudgetMs?: number;
}

/** What the engine needs from the options: rules, known values and allow-list built once. */
export function engineContext(options: ScanOptions): EngineContext {
  const kv = options.knownValues;
  const al = options.allowList;
  return {
    rules: options.rules ?? defaultRuleSet(),
    knownValues:
      kv === undefined ? undefined : kv instanceof KnownValues ? kv : new KnownValues(kv),
    allowList: al instanceof AllowList ? al : new AllowList(al),
    decode: options.decode ?? true,
    maxDecodeDepth: options.maxDecodeDepth ?? 2,
    deadline:
      options.timeBudgetMs === undefined ? undefined : performance.now() + options.timeBudgetMs,
  };
}
