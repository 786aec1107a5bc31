import { loadPolicy, type LoadedPolicy } from '@open-policy-agent/opa-wasm';
import { createHash } from 'node:crypto';
import { inputDigest, policyDigest } from '../evaluate-policy.js';
import type { Decision, DecisionRequest, PolicyBackend } from '../policy-backend.js';
import type { ModuleSource } from '../rego/rego-policy.js';
import { stringifyJSON } from '../stringify-json.js';
import { packagePath } from './package-path.js';
import { backendDenial, PolicyBackendError } from './policy-backend-error.js';
import { alsoDocuments } from './also-documents.js';
import { readDecisionDocument, type Verdict } from './read-decision-document.js';

export interface OpaWasmBackendOptions {
  /** `policy.wasm` from an OPA bundle built with `opa build -t wasm -e airlock/sts ...`. */
  wasm: Uint8Array;
  /** Base documents (the bundle's `data.json`). */
  data?: unknown;
  /**
   * The Rego sources the module was built from, so `policy_digest` equals the embedded
   * backend's. Without them the digest is sha256 over the wasm bytes.
   */
  modules?: ModuleSource[];
}

/**
 * What every OPA wasm module exports (https://www.openpolicyagent.org/docs/wasm#exports); checked
 * before the SDK sees the module, which would otherwise log to stderr and fail later.
 */
const ABI_EXPORTS = [
  'opa_wasm_abi_version',
  'opa_wasm_abi_minor_version',
  'entrypoints',
  'builtins',
  'opa_malloc',
  'opa_json_parse',
  'opa_json_dump',
  'opa_heap_ptr_get',
  'opa_heap_ptr_set',
];

/** The part of the WebAssembly JS API used here (the project's TypeScript libs do not declare it). */
interface WebAssemblyApi {
  compile(bytes: Uint8Array): Promise<object>;
  Module: { exports(module: object): { name: string }[] };
}
const wasmApi = (globalThis as unknown as { WebAssembly: WebAssemblyApi }).WebAssembly;

/** The SDK throws strings as well as Errors. */
const describe = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** Input as JSON text, so integers beyond 2^53 reach the policy exactly (the SDK would stringify bigint as an error). */
const jsonBytes = (value: unknown): ArrayBuffer =>
  new TextEncoder().encode(stringifyJSON(value)).slice().buffer;

/**
 * Precompiled OPA wasm policies through `@open-policy-agent/opa-wasm`
 * (https://www.openpolicyagent.org/docs/wasm). A package is decided through an entrypoint for
 * the package itself (`airlock/sts`, whose value holds `allow` and `deny`) or, failing that,
 * through both `airlock/sts/allow` and `airlock/sts/deny`: an `allow` entrypoint alone is
 * refused, since deny rules that are never evaluated would pass. Every error denies.
 */
export class OpaWasmBackend implements PolicyBackend {
  readonly name = 'opa-wasm';
  readonly policyDigest: string;
  private loaded: Promise<LoadedPolicy> | undefined;

  constructor(private readonly options: OpaWasmBackendOptions) {
    this.policyDigest = options.modules
      ? policyDigest(options.modules)
      : createHash('sha256').update(options.wasm).digest('hex');
  }

  private policy(): Promise<LoadedPolicy> {
    this.loaded ??= (async () => {
      try {
        const module = await wasmApi.compile(this.options.wasm.slice());
        const exported = new Set(wasmApi.Module.exports(module).map((e) => e.name));
        const missing = ABI_EXPORTS.filter((name) => !exported.has(name));
        if (missing.length) throw new Error(`it lacks the ABI exports ${missing.join(', ')}`);
        const policy = await loadPolicy(module);
        if (this.options.data !== undefined) policy.setData(jsonBytes(this.options.data));
        return policy;
      } catch (e) {
        throw new PolicyBackendError(
          'wasm_invalid_module',
          `the wasm policy does not load as an OPA wasm module: ${describe(e)}; rebuild it with \`opa build -t wasm\``,
          { cause: e },
        );
      }
    })();
    return this.loaded;
  }

  async evaluate(request: DecisionRequest): Promise<Decision> {
    const start = performance.now();
    const digests = { policy_digest: this.policyDigest, input_digest: '' };
    try {
      digests.input_digest = inputDigest(request.input);
      const pkg = packagePath(request.entrypoint);
      const policy = await this.policy();
      const input = jsonBytes(request.input === undefined ? null : request.input);
      const name = pkg.join('/');
      const entrypoints = (policy.entrypoints ?? {}) as Record<string, number>;
      let verdict: Verdict;
      let also: { documents?: Record<string, unknown> } = {};
      if (Object.hasOwn(entrypoints, name)) {
        const doc = this.run(policy, input, name);
        verdict = readDecisionDocument(doc, `data.${pkg.join('.')} in the wasm policy`);
        also = alsoDocuments(doc, request.also);
      } else if (
        Object.hasOwn(entrypoints, `${name}/allow`) &&
        Object.hasOwn(entrypoints, `${name}/deny`)
      ) {
        verdict = readDecisionDocument(
          {
            allow: this.run(policy, input, `${name}/allow`),
            deny: this.run(policy, input, `${name}/deny`),
          },
          `data.${pkg.join('.')} in the wasm policy`,
        );
        // Built with one entrypoint per rule: each asked-for rule that has one.
        const rules = (request.also ?? []).filter((rule) => Object.hasOwn(entrypoints, `${name}/${rule}`));
        also = alsoDocuments(Object.fromEntries(rules.map((rule) => [rule, this.runDefined(policy, input, `${name}/${rule}`)])), request.also);
      } else {
        const known = Object.keys(entrypoints).sort().join(', ') || 'none';
        throw new PolicyBackendError(
          'wasm_entrypoint_missing',
          `the wasm policy has no entrypoint ${name} (nor both ${name}/allow and ${name}/deny); it has: ${known}. Rebuild it with \`opa build -t wasm -e ${name}\``,
        );
      }
      return { ...verdict, ...digests, duration_ms: performance.now() - start, ...also };
    } catch (e) {
      return backendDenial(e, digests, start);
    }
  }

  /** One entrypoint's value: its result set must hold exactly one result. */
  /** A rule asked for beside allow and deny: undefined there is no error, just no document. */
  private runDefined(policy: LoadedPolicy, input: ArrayBuffer, entrypoint: string): unknown {
    try {
      return this.run(policy, input, entrypoint);
    } catch (e) {
      if (e instanceof PolicyBackendError && e.code === 'backend_undefined_result') return undefined;
      throw e;
    }
  }

  private run(policy: LoadedPolicy, input: ArrayBuffer, entrypoint: string): unknown {
    let resultSet: unknown;
    try {
      resultSet = policy.evaluate(input, entrypoint);
    } catch (e) {
      throw new PolicyBackendError(
        'wasm_eval_error',
        `the wasm policy failed evaluating ${entrypoint}: ${describe(e)}`,
        { cause: e },
      );
    }
    if (!Array.isArray(resultSet))
      throw new PolicyBackendError(
        'backend_malformed_result',
        `the wasm policy returned no result set for ${entrypoint}`,
      );
    if (resultSet.length === 0)
      throw new PolicyBackendError(
        'backend_undefined_result',
        `data.${entrypoint.replaceAll('/', '.')} is undefined in the wasm policy; check the bundle was built from the right policies`,
      );
    if (
      resultSet.length > 1 ||
      typeof resultSet[0] !== 'object' ||
      resultSet[0] === null ||
      !('result' in resultSet[0])
    ) {
      throw new PolicyBackendError(
        'backend_malformed_result',
        `the wasm policy returned ${resultSet.length} results for ${entrypoint}; expected exactly one {"result": ...}`,
      );
    }
    return (resultSet[0] as { result: unknown }).result;
  }
}
