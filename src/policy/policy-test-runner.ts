import { RegoError } from './rego/rego-error.js';
import { RegoPolicy, type ModuleSource } from './rego/rego-policy.js';
import type { RuleNode } from './rego/compile.js';
import type { EvalLimits } from './rego/limits.js';
import type { Value } from './rego/value.js';

export interface PolicyTestResult {
  /** `data.<package>.<test_name>` */
  name: string;
  file: string;
  /** Line of the test rule's (first) definition. */
  line: number;
  passed: boolean;
  /** Why it failed: undefined, a non-true value, or an evaluation error. */
  reason?: string;
  duration_ms: number;
}

const collectTests = (node: RuleNode, out: RuleNode[]): void => {
  const last = node.path[node.path.length - 1];
  if (last?.startsWith('test_') && node.hasRules && !node.isFunction) out.push(node);
  for (const c of node.children.values()) collectTests(c, out);
};

/**
 * Run every `test_*` rule, as `opa test` does: a test passes when its rule is defined and true.
 * Compile errors are thrown (as `RegoError`, naming file:line:col). `select` (by full name, as
 * `opa test --run` selects) leaves the other tests unrun and unreported.
 */
export const runPolicyTests = (modules: ModuleSource[], data: Value, limits?: Partial<EvalLimits>, select?: (name: string) => boolean): PolicyTestResult[] => {
  const policy = RegoPolicy.compile(modules);
  const tests: RuleNode[] = [];
  collectTests(policy.compiled.root, tests);
  const named = tests.map((node) => ({ node, name: ['data', ...node.path].join('.') }));
  return named.filter(({ name }) => select?.(name) ?? true).map(({ node, name }) => {
    const { file, line } = (node.rules[0] ?? node.defaultRule)!.rule.loc;
    const start = performance.now();
    try {
      const rows = policy.query(`__test_result__ = ${node.path.map((p, i) => (i === 0 ? `data[${JSON.stringify(p)}]` : `[${JSON.stringify(p)}]`)).join('')}`, { data, limits });
      const v = rows[0]?.get('__test_result__');
      const passed = v === true;
      return { name, file, line, passed, reason: passed ? undefined : v === undefined ? 'undefined' : 'not true', duration_ms: performance.now() - start };
    } catch (e) {
      const reason = e instanceof RegoError ? e.message : String(e);
      return { name, file, line, passed: false, reason, duration_ms: performance.now() - start };
    }
  });
};
