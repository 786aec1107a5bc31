import { normNum } from './value.js';

/**
 * A Rego/JSON number literal to a lossless value: integer-valued literals (including `1e30` and
 * `2.50e1`) become exact integers; other literals become the nearest double, as Go's big.Float
 * does when OPA prints them.
 */
export const parseNumber = (text: string): number | bigint => {
  const m = /^(-?)([0-9]+)(?:\.([0-9]+))?(?:[eE]([+-]?[0-9]+))?$/.exec(text);
  if (!m) return Number.NaN;
  const [, sign, whole, frac = '', expText] = m;
  const exp = expText ? Number(expText) : 0;
  const digits = (whole! + frac).replace(/^0+(?=\d)/, '');
  const scale = exp - frac.length;
  if (scale >= 0 && scale < 400) {
    const n = BigInt(digits) * 10n ** BigInt(scale);
    return normNum(sign ? -n : n);
  }
  const trimmed = frac.replace(/0+$/, '');
  if (scale < 0 && exp - trimmed.length >= 0) {
    const n = BigInt(whole! + trimmed) * 10n ** BigInt(exp - trimmed.length);
    return normNum(sign ? -n : n);
  }
  return normNum(Number(text));
};
