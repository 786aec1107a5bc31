import { randomUUID } from 'node:crypto';
import { argNumber, argString, builtinError, type BuiltinTable } from '../builtin.js';
import { keyOf } from '../value.js';

/**
 * The non-deterministic builtins. OPA draws a fresh value the first time a query asks and returns
 * the same one for the same arguments until the query ends (topdown/uuid.go, topdown/rand.go):
 * https://www.openpolicyagent.org/docs/policy-reference/#builtin-uuid-uuidrfc4122
 */
export const randomBuiltins: BuiltinTable = {
  'uuid.rfc4122': {
    arity: 1,
    fn: (args, ctx) => {
      const key = `uuid.rfc4122\0${argString(args, 0)}`;
      let v = ctx.memo.get(key);
      if (v === undefined) ctx.memo.set(key, (v = randomUUID()));
      return v;
    },
  },
  'rand.intn': {
    arity: 2,
    fn: (args, ctx) => {
      const str = argString(args, 0);
      const n = argNumber(args, 1);
      if (typeof n === 'number' && !Number.isInteger(n)) throw builtinError(`operand 2 must be an integer but got ${n}`);
      const key = `rand.intn\0${str}\0${keyOf(n)}`;
      let v = ctx.memo.get(key);
      if (v === undefined) {
        const max = Number(n < 0 ? -n : n);
        if (!Number.isSafeInteger(max)) throw builtinError(`operand 2 must be at most ${Number.MAX_SAFE_INTEGER} but got ${n}`);
        // OPA uses math/rand here (not a secret), so Math.random is its like.
        ctx.memo.set(key, (v = Math.floor(Math.random() * max)));
      }
      return v;
    },
  },
};
