import { BUILTINS } from './builtins/builtin-registry.js';
import { RegoProgram, type ModuleSource } from './rego-program.js';

export type { ModuleSource, QueryOptions, QueryRow } from './rego-program.js';

const isBuiltin = (name: string): boolean => name in BUILTINS;

/**
 * A compiled set of Rego v1 modules with every builtin loaded (the App, the CLI, tests): parse and
 * compile once, evaluate many queries. The Action's egress decision uses RegoProgram.onDemand,
 * which loads the builtins with large dependencies only when its policy calls them.
 */
export class RegoPolicy extends RegoProgram {
  /** Parse and compile modules; throws `RegoError` (`rego_parse_error` with `file:line:col`, or a compile error). */
  static compile(modules: ModuleSource[]): RegoPolicy {
    return new RegoPolicy(RegoProgram.compileSources(modules, isBuiltin), BUILTINS);
  }
}
