/**
 * A detection rule is data: the engine compiles it once and never evaluates code from it.
 * `pattern` is matched with the sticky flag at the offset of a keyword hit, so every pattern
 * must begin with (a case variant of) one of its keywords. Patterns must stay linear-time:
 * bounded quantifiers only, no nested quantifiers over overlapping classes.
 */
export type Confidence = 'high' | 'medium' | 'low';

/** Structural validators a rule may name; implemented in `validate-secret.ts`. */
export type ValidatorId = 'base62-crc32' | 'jwt' | 'basic-auth-header';

export interface RuleExamples {
  /** Texts in which the rule must report exactly its own id. */
  readonly positives: readonly string[];
  /** Texts in which the rule must report nothing. */
  readonly negatives: readonly string[];
}

export interface SecretRule {
  readonly id: string;
  readonly description: string;
  /** Upper-case type used in replacement tokens: AIRLOCK_<tokenType>_<random>. */
  readonly tokenType: string;
  /**
   * Literals for the prefilter: 4+ characters are matched ASCII case-insensitively; exactly 3
   * characters are matched as written (they are prefixes of case-sensitive formats, and a
   * case-insensitive 3-character search would cost a pass of its own).
   */
  readonly keywords: readonly string[];
  /** Regular expression source; starts at the keyword hit. */
  readonly pattern: string;
  /** Extra regex flags ('i' for case-insensitive rules). */
  readonly flags?: string;
  /**
   * Capture group holding the secret: the first group at or after this index that took part
   * in the match (so alternatives can each capture). 0 or absent means the whole match.
   */
  readonly secretGroup?: number;
  /** The match may start up to this many characters before the keyword hit. */
  readonly lookback?: number;
  /** Minimum Shannon entropy (bits per character) of the secret. */
  readonly minEntropy?: number;
  readonly validator?: ValidatorId;
  readonly confidence: Confidence;
  /**
   * 'generic': keyword + entropy rule; group 1 is the rest of the assigned name, the value
   * must pass the generic value checks and is reported with kind 'generic'.
   * 'strict': a pattern rule whose secret also gets the generic look-alike checks
   * (passwords in URLs, bearer tokens).
   */
  readonly mode?: 'generic' | 'strict';
  readonly examples: RuleExamples;
}
