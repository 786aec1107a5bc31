import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/**
 * Where the App evaluates its policies (AIRLOCK_POLICY_BACKEND):
 * - `embedded` (default): Airlock's own Rego evaluator, in process;
 * - `opa-rest:<url>`: an OPA server's REST Data API (https://www.openpolicyagent.org/docs/rest-api);
 * - `wasm:<path>`: a `policy.wasm` built with `opa build -t wasm -e airlock/sts -e airlock/pr ...`
 *   (https://www.openpolicyagent.org/docs/wasm), with the bundle's `data.json` beside it if present.
 * Every one fails closed: a backend that cannot decide denies, with the reason in the decision.
 */
export type PolicyBackendSetting =
  | { kind: 'embedded' }
  | { kind: 'opa-rest'; url: string }
  | { kind: 'wasm'; path: string; wasm: Uint8Array; data?: unknown };

export class PolicyBackendSettingError extends Error {}

const USAGE = 'expected embedded, opa-rest:<http(s) URL of the OPA server> or wasm:<path to policy.wasm>';

/** Parse AIRLOCK_POLICY_BACKEND; a wasm module (and its data.json) is read here, at start-up. */
export const readPolicyBackendSetting = (value: string | undefined, cwd: string): PolicyBackendSetting => {
  const text = value?.trim() ?? '';
  if (text === '' || text === 'embedded') return { kind: 'embedded' };
  if (text.startsWith('opa-rest:')) {
    const url = text.slice('opa-rest:'.length);
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new PolicyBackendSettingError(`AIRLOCK_POLICY_BACKEND=${text}: ${JSON.stringify(url)} is not a URL; ${USAGE}, e.g. opa-rest:http://127.0.0.1:8181`);
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
      throw new PolicyBackendSettingError(`AIRLOCK_POLICY_BACKEND=${text}: the OPA server URL must be http or https; ${USAGE}`);
    }
    return { kind: 'opa-rest', url };
  }
  if (text.startsWith('wasm:')) {
    const path = resolve(cwd, text.slice('wasm:'.length));
    let wasm: Uint8Array;
    try {
      wasm = readFileSync(path);
    } catch (error) {
      throw new PolicyBackendSettingError(`AIRLOCK_POLICY_BACKEND=${text}: cannot read ${path} (${(error as Error).message}); build it with \`opa build -t wasm\` and point to policy.wasm`, { cause: error });
    }
    const dataFile = join(dirname(path), 'data.json');
    if (!existsSync(dataFile)) return { kind: 'wasm', path, wasm };
    try {
      return { kind: 'wasm', path, wasm, data: JSON.parse(readFileSync(dataFile, 'utf8')) as unknown };
    } catch (error) {
      throw new PolicyBackendSettingError(`AIRLOCK_POLICY_BACKEND=${text}: ${dataFile} is not valid JSON (${(error as Error).message}); fix or remove it`, { cause: error });
    }
  }
  throw new PolicyBackendSettingError(`AIRLOCK_POLICY_BACKEND=${text}: unknown backend; ${USAGE}`);
};
