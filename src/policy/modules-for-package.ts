import type { ModuleSource } from './rego/rego-policy.js';

const PACKAGE = /^\s*package\s+([A-Za-z_][\w]*(?:\.[A-Za-z_][\w]*)*)/m;
/** The root document `data` (not `input.data`, not `metadata`) followed by a path. */
const DATA_REF = /(?<![.\w])data((?:\.[A-Za-z_]\w*)+)/g;
/** `data` not followed by `.name` (`data[x]`, `data` alone): the reach cannot be read off the text. */
const DYNAMIC_DATA = /(?<![.\w])data(?!\.[A-Za-z_])(?!\w)/;
/** Strings, raw strings and comments, which may say "data" without referring to it. */
const NOT_CODE = /"(?:[^"\\\n]|\\.)*"|`[^`]*`|#[^\n]*/g;

const related = (a: string, b: string) => a === b || a.startsWith(`${b}.`) || b.startsWith(`${a}.`);

/**
 * The modules a query of `data.<pkg>` can reach: those whose package is `pkg`, inside it or
 * above it, and, transitively, every package their text refers to as `data.<path>` (imports,
 * references, `with data.x as`). Read off the source without compiling, conservatively: a module
 * whose package cannot be read, or any text that refers to `data` dynamically, keeps every module.
 * The Action evaluates only `data.airlock.egress`; compiling the rest of the policy directory
 * (gate, broker and push policies, the larger part) cost most of its start (issue 16 item 3).
 */
export function modulesForPackage(pkg: string, modules: readonly ModuleSource[]): ModuleSource[] {
  const parsed = modules.map((m) => {
    const code = m.source.replace(NOT_CODE, ' ');
    return { module: m, pkg: PACKAGE.exec(code)?.[1], code };
  });
  if (parsed.some((p) => p.pkg === undefined)) return [...modules];
  const wanted = new Set<string>([pkg]);
  const kept = new Set<number>();
  for (let grew = true; grew; ) {
    grew = false;
    parsed.forEach((p, i) => {
      if (kept.has(i) || ![...wanted].some((w) => related(p.pkg!, w))) return;
      kept.add(i);
      grew = true;
      if (DYNAMIC_DATA.test(p.code)) parsed.forEach((_, j) => kept.add(j));
      for (const [, path] of p.code.matchAll(DATA_REF)) wanted.add(path!.slice(1));
    });
  }
  return parsed.filter((_, i) => kept.has(i)).map((p) => p.module);
}
