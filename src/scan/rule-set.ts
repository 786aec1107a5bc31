import { genericRules } from './generic-rules.js';
import { KeywordPrefilter } from './keyword-prefilter.js';
import { providerRules } from './provider-rules.js';
import type { SecretRule } from './rule-types.js';
import { specialRules } from './special-rules.js';
import { ScanError } from './scan-error.js';

/** A rule with its regular expression compiled once (sticky, with match indices). */
export interface CompiledRule {
  readonly rule: SecretRule;
  readonly index: number;
  readonly regex: RegExp;
}

/** Every rule Airlock ships: provider formats, special structures, then generic rules. */
export const defaultRules: readonly SecretRule[] = [
  ...providerRules,
  ...specialRules,
  ...genericRules,
];

/** Rules compiled for scanning: the keyword prefilter and, per keyword, the rules it triggers. */
export class RuleSet {
  readonly rules: readonly CompiledRule[];
  readonly prefilter: KeywordPrefilter;
  /** Rules to try for each keyword index of the prefilter. */
  readonly byKeyword: readonly (readonly CompiledRule[])[];
  /** Longest match any rule can produce plus its look-around; the streaming overlap uses it. */
  readonly maxMatchChars = 16_500;

  constructor(rules: readonly SecretRule[]) {
    const ids = new Set<string>();
    const keywordIndex = new Map<string, number>();
    const byKeyword: CompiledRule[][] = [];
    this.rules = rules.map((rule, index) => {
      if (ids.has(rule.id)) throw new ScanError('bad-rule', `duplicate rule id "${rule.id}"`);
      ids.add(rule.id);
      if (!/^[A-Z0-9]+(?:_[A-Z0-9]+)*$/.test(rule.tokenType))
        throw new ScanError('bad-rule', `rule "${rule.id}": bad tokenType`);
      const compiled: CompiledRule = {
        rule,
        index,
        regex: new RegExp(rule.pattern, `yd${rule.flags ?? ''}`),
      };
      for (const k of rule.keywords) {
        const key = k.length < 4 ? k : k.toLowerCase();
        let ki = keywordIndex.get(key);
        if (ki === undefined) {
          ki = byKeyword.length;
          keywordIndex.set(key, ki);
          byKeyword.push([]);
        }
        byKeyword[ki]!.push(compiled);
      }
      return compiled;
    });
    this.prefilter = new KeywordPrefilter([...keywordIndex.keys()]);
    this.byKeyword = byKeyword;
  }
}

let shared: RuleSet | undefined;

/** The default rules, compiled once per process. */
export function defaultRuleSet(): RuleSet {
  shared ??= new RuleSet(defaultRules);
  return shared;
}
