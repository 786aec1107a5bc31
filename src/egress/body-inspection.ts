import { DEFAULT_BODY_POLICY } from '../gateway/request-body-scan.js';
import type { Finding } from '../scan/finding.js';
import type { KnownValues } from '../scan/known-values.js';
import { StreamScanner } from '../scan/stream-scanner.js';
import { BodyFeed } from './body-feed.js';
import type { InspectBody, InspectedRequest } from './inspect-request.js';
import { NeedleStreamSearch } from './needle-stream-search.js';

/** Why a body is refused: the answer's status and its `x-airlock-egress` reason. */
export interface BodyRefusal {
  readonly status: number;
  readonly reason: string;
}

export interface BodyInspectionOptions {
  /** The run's placeholders: never in a body (they are resolved only in their bound header). */
  readonly placeholders: KnownValues | undefined;
  /** DLP: the run's real values, searched with every scanner rule; undefined turns DLP off. */
  readonly protectedValues: KnownValues | undefined;
  readonly inspectBody: InspectBody | undefined;
  readonly request: InspectedRequest;
}

/**
 * Every check on a request body, run on the stream as its chunks arrive, each chunk-safe and
 * each in bounded memory: the placeholder search (bytes, an overlap of the longest needle), the
 * byte-level streaming scanner (the same findings as a scan of the whole body, whatever the
 * chunking; see WindowScanner), and the InspectBody hook, fed as it reads. The first refusal
 * sticks. Findings that DEFAULT_BODY_POLICY would redact refuse here: a stream already partly
 * forwarded cannot be redacted (the shipped policy only allows or blocks).
 */
export class BodyInspection {
  readonly #placeholders: NeedleStreamSearch | undefined;
  readonly #scanner: StreamScanner | undefined;
  readonly #feed: BodyFeed | undefined;
  readonly #hook: Promise<BodyRefusal | undefined> | undefined;
  #hookRefusal: BodyRefusal | undefined;
  #refusal: BodyRefusal | undefined;

  constructor(options: BodyInspectionOptions) {
    this.#placeholders = options.placeholders ? new NeedleStreamSearch(options.placeholders) : undefined;
    // Inline `airlock:allow` comments are ignored: the agent writes the body and must not excuse its own leak.
    this.#scanner = options.protectedValues ? new StreamScanner({ knownValues: options.protectedValues, allowList: { inlineComments: false } }) : undefined;
    if (options.inspectBody) {
      const feed = (this.#feed = new BodyFeed());
      const inspect = options.inspectBody;
      this.#hook = (async () => {
        try {
          const verdict = await inspect(feed, options.request);
          return verdict.verdict === 'block' ? { status: 403, reason: `body-blocked:${verdict.reason}` } : undefined;
        } catch {
          return { status: 403, reason: 'body-blocked:inspector-failed' };
        } finally {
          feed.close();
        }
      })();
      // A block before the body's end is noticed at the next chunk, not only at the end.
      void this.#hook.then((r) => (this.#hookRefusal = r));
    }
  }

  /** The refusal so far, if any. */
  get refusal(): BodyRefusal | undefined {
    return (this.#refusal ??= this.#hookRefusal);
  }

  /** Bytes the hook has not read yet: the caller stops reading the client above its bound. */
  get hookPending(): number {
    return this.#feed?.pending ?? 0;
  }

  /** Calls `drained` once the hook has read every chunk pushed. */
  onHookDrain(drained: () => void): void {
    if (this.#feed) this.#feed.onDrain(drained);
    else drained();
  }

  /** Inspects one more chunk; returns the refusal once there is one. */
  push(chunk: Buffer): BodyRefusal | undefined {
    if (this.refusal) return this.#refusal;
    if (this.#placeholders?.push(chunk)) return (this.#refusal = { status: 403, reason: 'placeholder-in-body' });
    if (this.#scanner) {
      try {
        this.#refuseOn(this.#scanner.push(chunk));
      } catch {
        this.#refusal = { status: 503, reason: 'scan-failed' };
      }
      if (this.#refusal) return this.#refusal;
    }
    this.#feed?.push(chunk);
    return undefined;
  }

  /** The body has ended: the scanner's last findings and the hook's verdict. */
  async end(): Promise<BodyRefusal | undefined> {
    if (!this.refusal && this.#scanner) {
      try {
        this.#refuseOn(this.#scanner.end());
      } catch {
        this.#refusal = { status: 503, reason: 'scan-failed' };
      }
    }
    if (this.#refusal) {
      this.#feed?.close();
      return this.#refusal;
    }
    this.#feed?.end();
    return (this.#refusal = await this.#hook);
  }

  /** Stops the hook (the request was refused or abandoned elsewhere). */
  abandon(): void {
    this.#feed?.close();
  }

  #refuseOn(findings: readonly Finding[]): void {
    const acted = findings.filter((f) => (f.kind === 'known-value' ? DEFAULT_BODY_POLICY.knownValue : DEFAULT_BODY_POLICY[f.kind]) !== 'allow');
    if (acted.length > 0) this.#refusal = { status: 403, reason: `dlp-blocked:${[...new Set(acted.map((f) => f.rule_id))].sort().join(',')}` };
  }
}
