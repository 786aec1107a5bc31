import { argString, builtinError, type BuiltinTable } from '../builtin.js';

/** https://semver.org/#is-there-a-suggested-regular-expression-regex-to-check-a-semver-string */
const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;

interface Version {
  nums: bigint[];
  pre: string[];
}

const parse = (s: string, pos: number): Version => {
  const m = SEMVER.exec(s);
  if (!m) throw builtinError(`operand ${pos}: string ${JSON.stringify(s)} is not a valid SemVer`);
  return { nums: [BigInt(m[1]!), BigInt(m[2]!), BigInt(m[3]!)], pre: m[4] ? m[4].split('.') : [] };
};

const cmpIdent = (a: string, b: string): number => {
  const an = /^\d+$/.test(a);
  const bn = /^\d+$/.test(b);
  if (an && bn) {
    const x = BigInt(a);
    const y = BigInt(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (an) return -1;
  if (bn) return 1;
  return a < b ? -1 : a > b ? 1 : 0;
};

/** Semantic Versioning 2.0.0 precedence (build metadata ignored). */
const compare = (a: Version, b: Version): number => {
  for (let i = 0; i < 3; i++) if (a.nums[i] !== b.nums[i]) return a.nums[i]! < b.nums[i]! ? -1 : 1;
  if (!a.pre.length || !b.pre.length) return a.pre.length === b.pre.length ? 0 : a.pre.length ? -1 : 1;
  for (let i = 0; i < Math.min(a.pre.length, b.pre.length); i++) {
    const c = cmpIdent(a.pre[i]!, b.pre[i]!);
    if (c) return c;
  }
  return Math.sign(a.pre.length - b.pre.length);
};

export const semverBuiltins: BuiltinTable = {
  'semver.is_valid': { arity: 1, fn: ([v]) => typeof v === 'string' && SEMVER.test(v) },
  'semver.compare': { arity: 2, fn: (args) => compare(parse(argString(args, 0), 1), parse(argString(args, 1), 2)) },
};
