import { operandError, typeError, type BuiltinTable } from '../builtin.js';
import { RegoError } from '../rego-error.js';
import { RObject, RSet, toRegoString } from '../value.js';

// The request parameters OPA's http.send accepts (topdown/http.go allowedKeyNames).
const ALLOWED = new Set([
  'method', 'url', 'body', 'enable_redirect', 'force_json_decode', 'force_yaml_decode', 'headers', 'raw_body',
  'tls_use_system_certs', 'tls_ca_cert', 'tls_ca_cert_file', 'tls_ca_cert_env_variable', 'tls_client_cert',
  'tls_client_cert_file', 'tls_client_cert_env_variable', 'tls_client_key', 'tls_client_key_file',
  'tls_client_key_env_variable', 'tls_insecure_skip_verify', 'tls_server_name', 'timeout', 'cache', 'force_cache',
  'force_cache_duration_seconds', 'raise_error', 'caching_mode', 'max_retry_attempts', 'cache_ignored_headers',
]);
const REQUIRED = ['method', 'url'];

/**
 * `http.send` is absent by design: a policy decision makes no network calls (a slow or hostile
 * endpoint would then decide the gate, and a decision could not be replayed from its input).
 * The request is checked as OPA checks it (so a malformed one reads as in OPA), then the call
 * fails, strict or not, saying why.
 */
export const httpSendAbsent: BuiltinTable = {
  'http.send': {
    arity: 1,
    fn: ([req]) => {
      if (!(req instanceof RObject)) throw operandError(1, 'object', req!);
      const keys = req.keys();
      const invalid = keys.filter((k) => typeof k !== 'string' || !ALLOWED.has(k));
      if (invalid.length) throw typeError(`operand 1 invalid request parameters(s): ${toRegoString(RSet.of(invalid))}`);
      const missing = REQUIRED.filter((k) => !req.has(k));
      if (missing.length) throw typeError(`operand 1 missing required request parameters(s): ${toRegoString(RSet.of(missing))}`);
      throw new RegoError(
        'eval_builtin_error',
        'http.send is not available in Airlock by design: a policy decision makes no network calls; pass what the policy needs in input or data',
      );
    },
  },
};
