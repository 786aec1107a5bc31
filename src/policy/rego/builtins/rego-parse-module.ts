import { argString, builtinError, type BuiltinTable } from '../builtin.js';
import { moduleAstJson } from '../module-ast-json.js';
import { parseModule } from '../parser.js';
import { RegoError } from '../rego-error.js';

/** `rego.parse_module(filename, source)`: the module's AST as OPA's JSON (see module-ast-json.ts). */
export const regoParseModule: BuiltinTable = {
  'rego.parse_module': {
    arity: 2,
    fn: (args) => {
      const file = argString(args, 0);
      const source = argString(args, 1);
      try {
        return moduleAstJson(parseModule(source, file));
      } catch (e) {
        // A parse error in the argument is the builtin's error, not the calling policy's.
        if (e instanceof RegoError) throw builtinError(e.message);
        throw e;
      }
    },
  },
};
