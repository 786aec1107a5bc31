import { withRetry } from '../../http/with-retry.js';
import { inputDigest, policyDigest } from '../evaluate-policy.js';
import type { Decision, DecisionRequest, PolicyBackend } from '../policy-backend.js';
import type { ModuleSource } from '../rego/rego-policy.js';
import { stringifyJSON } from '../stringify-json.js';
import { packagePath } from './package-path.js';
import { backendDenial, PolicyBackendError } from './policy-backend-error.js';
import { alsoDocuments } from './also-documents.js';
import { readDecisionDocument } from './read-decision-document.js';

/** Where the server's policies come from, for `policy_digest` (the server is not asked). */
export type OpaPolicySource =
  /** The modules the server was loaded with: the digest equals the embedded backend's. */
  | { modules: ModuleSource[] }
  /** A digest the caller computed (e.g. the embedded digest of the bundle's sources). */
  | { policyDigest: string };

export type OpaRestBackendOptions = OpaPolicySource & {
  /** Base URL of the OPA server, e.g. `http://127.0.0.1:8181` (a path prefix is kept). */
  url: string;
  /** Extra request headers, e.g. `Authorization: Bearer <token>` for OPA's token authentication. */
  headers?: Record<string, string>;
  /** Per attempt, including reading the body. Default 2000 ms. */
  timeoutMs?: number;
  /** Across all attempts and back-off. Default 5000 ms. */
  deadlineMs?: number;
  /** Attempts in all (retries happen on network errors, timeouts and 5xx only). Default 3. */
  maxAttempts?: number;
  /** First back-off; doubles per retry. Default 100 ms. */
  backoffMs?: number;
  /** Larger answers are refused (a decision document is small). Default 1 MiB. */
  maxResponseBytes?: number;
  /**
   * Before each decision, also `GET {url}/v1/policies` and compare the digest of the server's
   * module sources with `policy_digest`; a mismatch denies. The decision record then states what
   * the server holds, not only what the caller believes (a bundle reload between the two
   * requests can still slip through). Default false.
   */
  verifyPolicies?: boolean;
};

const DEFAULTS = {
  timeoutMs: 2000,
  deadlineMs: 5000,
  maxAttempts: 3,
  backoffMs: 100,
  maxResponseBytes: 1 << 20,
  verifyPolicies: false,
};

/** The policy listing carries every module's AST besides its source, so it may be far larger. */
const LISTING_SIZE_FACTOR = 16;

const snippet = (text: string): string => (text.length > 300 ? `${text.slice(0, 300)}...` : text);

/** Reads the body, refusing more than `max` bytes (the abort signal of the fetch still applies). */
const readBody = async (res: Response, max: number): Promise<string> => {
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel();
      throw new PolicyBackendError(
        'backend_malformed_result',
        `the OPA server's answer exceeds ${max} bytes (maxResponseBytes); a decision document is small, so check the policy path`,
      );
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
};

/** An error from one attempt: retried when the server may answer next time. */
class AttemptError extends PolicyBackendError {
  constructor(
    code: 'backend_unreachable' | 'backend_timeout' | 'backend_http_error',
    message: string,
    readonly retryable: boolean,
    cause?: unknown,
  ) {
    super(code, message, { cause });
  }
}

/**
 * An OPA server as a policy backend, through its REST Data API: `POST {url}/v1/data/{package}`
 * with `{"input": ...}` (https://www.openpolicyagent.org/docs/rest-api#get-a-document-with-input),
 * reading `result.allow` and `result.deny`. Fail-closed: every error (unreachable, timeout,
 * non-2xx, undefined or malformed result) is a denial whose message says what happened.
 */
export class OpaRestBackend implements PolicyBackend {
  readonly name = 'opa-rest';
  readonly policyDigest: string;
  private readonly base: URL;
  private readonly opts: typeof DEFAULTS & { headers: Record<string, string> };

  constructor(options: OpaRestBackendOptions) {
    this.policyDigest = 'modules' in options ? policyDigest(options.modules) : options.policyDigest;
    // A trailing slash keeps a path prefix (`https://host/opa/`) when resolving `v1/data/...`.
    this.base = new URL(options.url.endsWith('/') ? options.url : `${options.url}/`);
    this.opts = {
      timeoutMs: options.timeoutMs ?? DEFAULTS.timeoutMs,
      deadlineMs: options.deadlineMs ?? DEFAULTS.deadlineMs,
      maxAttempts: options.maxAttempts ?? DEFAULTS.maxAttempts,
      backoffMs: options.backoffMs ?? DEFAULTS.backoffMs,
      maxResponseBytes: options.maxResponseBytes ?? DEFAULTS.maxResponseBytes,
      verifyPolicies: options.verifyPolicies ?? DEFAULTS.verifyPolicies,
      headers: options.headers ?? {},
    };
  }

  async evaluate(request: DecisionRequest): Promise<Decision> {
    const start = performance.now();
    const digests = { policy_digest: this.policyDigest, input_digest: '' };
    try {
      digests.input_digest = inputDigest(request.input);
      const pkg = packagePath(request.entrypoint);
      const url = new URL(`v1/data/${pkg.join('/')}`, this.base);
      let body: string;
      try {
        body = stringifyJSON({ input: request.input === undefined ? null : request.input });
      } catch (e) {
        throw new PolicyBackendError(
          'backend_invalid_request',
          `the input cannot be sent as JSON: ${(e as Error).message}`,
          { cause: e },
        );
      }
      const [text] = await Promise.all([
        this.send(url, body, start, this.opts.maxResponseBytes),
        this.opts.verifyPolicies ? this.verifyPolicies(start) : undefined,
      ]);
      let answer: unknown;
      try {
        answer = JSON.parse(text);
      } catch (e) {
        throw new PolicyBackendError(
          'backend_malformed_result',
          `the OPA server's answer for data.${pkg.join('.')} is not JSON: ${snippet(text)}`,
          { cause: e },
        );
      }
      if (typeof answer !== 'object' || answer === null || Array.isArray(answer)) {
        throw new PolicyBackendError(
          'backend_malformed_result',
          `the OPA server's answer for data.${pkg.join('.')} is not a JSON object: ${snippet(text)}`,
        );
      }
      if (!('result' in answer)) {
        // OPA answers 200 without `result` when the document is undefined.
        throw new PolicyBackendError(
          'backend_undefined_result',
          `data.${pkg.join('.')} is undefined on the OPA server at ${this.base.origin}: the package is not loaded there; load the policy bundle or fix the entrypoint`,
        );
      }
      const result = (answer as { result: unknown }).result;
      const verdict = readDecisionDocument(result, `data.${pkg.join('.')} on the OPA server`);
      return { ...verdict, ...digests, duration_ms: performance.now() - start, ...alsoDocuments(result, request.also) };
    } catch (e) {
      return backendDenial(e, digests, start);
    }
  }

  /** Compares the digest of the modules the server lists with `policy_digest`. */
  private async verifyPolicies(start: number): Promise<void> {
    const url = new URL('v1/policies', this.base);
    const text = await this.send(
      url,
      undefined,
      start,
      this.opts.maxResponseBytes * LISTING_SIZE_FACTOR,
    );
    let listed: unknown;
    try {
      listed = (JSON.parse(text) as { result?: unknown } | null)?.result;
    } catch (e) {
      throw new PolicyBackendError(
        'backend_malformed_result',
        `the OPA server's policy list is not JSON: ${snippet(text)}`,
        { cause: e },
      );
    }
    const isModule = (m: unknown): m is { id: string; raw: string } =>
      typeof m === 'object' &&
      m !== null &&
      typeof (m as { id?: unknown }).id === 'string' &&
      typeof (m as { raw?: unknown }).raw === 'string';
    if (!Array.isArray(listed) || !listed.every(isModule)) {
      throw new PolicyBackendError(
        'backend_malformed_result',
        `the OPA server's policy list is not {"result": [{"id", "raw"}, ...]}: ${snippet(text)}`,
      );
    }
    const served = policyDigest(listed.map((m) => ({ file: m.id, source: m.raw })));
    if (served !== this.policyDigest) {
      throw new PolicyBackendError(
        'backend_policy_mismatch',
        `the OPA server at ${this.base.origin} holds other policies (${listed.length} modules, digest ${served}) than expected (${this.policyDigest}); deploy the reviewed policies to it or update the expected digest`,
      );
    }
  }

  /**
   * POSTs `body` (GETs when there is none) with a per-attempt timeout, retrying network errors,
   * timeouts and 5xx until the deadline (src/http/with-retry.ts).
   */
  private async send(
    url: URL,
    body: string | undefined,
    start: number,
    maxBytes: number,
  ): Promise<string> {
    let last: AttemptError | undefined;
    const result = await withRetry<string>(
      {
        attempts: this.opts.maxAttempts,
        baseDelayMs: this.opts.backoffMs,
        deadlineMs: this.opts.deadlineMs - (performance.now() - start),
      },
      async ({ remainingMs }) => {
        try {
          return { done: await this.attempt(url, body, Math.min(this.opts.timeoutMs, remainingMs), maxBytes) };
        } catch (e) {
          if (!(e instanceof AttemptError) || !e.retryable) throw e;
          last = e;
          return { retry: e.message };
        }
      },
    );
    if (result.ok) return result.value;
    const tries = last ? ` (gave up after ${Math.round(performance.now() - start)} ms)` : '';
    throw last
      ? new PolicyBackendError(last.code, `${last.message}${tries}`, { cause: last })
      : new PolicyBackendError(
          'backend_timeout',
          `no attempt fit in the ${this.opts.deadlineMs} ms deadline`,
        );
  }

  private async attempt(
    url: URL,
    body: string | undefined,
    timeoutMs: number,
    maxBytes: number,
  ): Promise<string> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    try {
      let res: Response;
      try {
        res = await fetch(url, {
          method: body === undefined ? 'GET' : 'POST',
          headers: {
            ...this.opts.headers,
            ...(body === undefined ? {} : { 'content-type': 'application/json' }),
            accept: 'application/json',
          },
          body,
          signal: controller.signal,
          redirect: 'error',
        });
      } catch (e) {
        if (controller.signal.aborted)
          throw new AttemptError(
            'backend_timeout',
            `the OPA server at ${url.origin} did not answer within ${timeoutMs} ms`,
            true,
            e,
          );
        const cause = (e as { cause?: { code?: string; message?: string } }).cause;
        throw new AttemptError(
          'backend_unreachable',
          `cannot reach the OPA server at ${url.origin}: ${cause?.code ?? cause?.message ?? (e as Error).message}`,
          true,
          e,
        );
      }
      let text: string;
      try {
        text = await readBody(res, maxBytes);
      } catch (e) {
        if (e instanceof PolicyBackendError) throw e;
        if (controller.signal.aborted)
          throw new AttemptError(
            'backend_timeout',
            `the OPA server at ${url.origin} did not finish its answer within ${timeoutMs} ms`,
            true,
            e,
          );
        throw new AttemptError(
          'backend_unreachable',
          `the connection to the OPA server at ${url.origin} failed mid-answer: ${(e as Error).message}`,
          true,
          e,
        );
      }
      if (res.status < 200 || res.status > 299) {
        throw new AttemptError(
          'backend_http_error',
          `the OPA server at ${url.origin} answered ${res.status} for ${url.pathname}: ${snippet(text)}`,
          res.status >= 500,
        );
      }
      return text;
    } finally {
      clearTimeout(timer);
    }
  }
}
