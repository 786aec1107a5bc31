/**
 * Run telemetry (issue 19 item 1): what the Action reports to the App while the agent runs, over
 * `POST /airlock/v1/events`. The shared contract between the Action (which batches and sends) and
 * the App (which checks, stores, shows a run's timeline and decides containment on each batch).
 *
 * Metadata only, never a credential: hosts, methods, a path *class* (never a path, query or
 * header), byte counts, rule ids, credential ids (never values). The App refuses a batch with any
 * field outside these shapes, so an agent cannot use telemetry as an exfiltration channel.
 */
export const RUN_EVENT_KINDS = [
  'egress',
  'placeholder_misuse',
  'dlp_block',
  'gateway_call',
  'resolution',
  'approval',
  'sandbox_exit',
  'patch_scan',
] as const;
export type RunEventKind = (typeof RUN_EVENT_KINDS)[number];

/** What a path looked like, never the path: enough to tell an API call from an upload or a git fetch. */
export type PathClass = 'root' | 'api' | 'git' | 'upload' | 'download' | 'other';

export type RunEvent =
  | { readonly kind: 'egress'; readonly at: string; readonly decision: 'allow' | 'deny'; readonly host: string; readonly method: string; readonly pathClass: PathClass; readonly bytesOut: number; readonly bytesIn: number; readonly reason?: string }
  /** A placeholder sent toward a host it is not bound to (or in a place it is never resolved). */
  | { readonly kind: 'placeholder_misuse'; readonly at: string; readonly host: string; readonly credential: string }
  | { readonly kind: 'dlp_block'; readonly at: string; readonly host: string; readonly rules: readonly string[] }
  | { readonly kind: 'gateway_call'; readonly at: string; readonly provider: string; readonly model: string; readonly inputTokens: number; readonly outputTokens: number; readonly decision: 'allow' | 'redact' | 'deny' }
  | { readonly kind: 'resolution'; readonly at: string; readonly credential: string; readonly host: string }
  | { readonly kind: 'approval'; readonly at: string; readonly approvalId: string; readonly status: 'approved' | 'denied' | 'expired' | 'pending' }
  | { readonly kind: 'sandbox_exit'; readonly at: string; readonly backend: string; readonly exitCode: number | null; readonly signal: string | null }
  | { readonly kind: 'patch_scan'; readonly at: string; readonly findings: number; readonly rules: readonly string[] };

/**
 * The body of `POST /airlock/v1/events`. The run itself (repository, run id, attempt, sha,
 * workflow) comes from the verified OIDC token, never from here; `identity` names the trust
 * policy the run's credentials were brokered under; `seq` numbers batches from 1 so the App
 * stores each batch once however often it is retried; `dropped` counts the events the Action
 * could not deliver since the previous batch the App accepted: dropped from its full bounded
 * buffer, carried by a batch that failed for good (with the drops that batch reported), past the
 * App's batch limit, or recorded after the sink closed or still waiting when the final flush ran
 * out of time (src/telemetry/run-event-sink.ts).
 */
export interface RunEventBatch {
  readonly identity: string;
  readonly seq: number;
  readonly dropped: number;
  readonly events: readonly RunEvent[];
}

/** Bounds the App enforces (and the Action respects): one batch, one field. */
export const RUN_EVENT_LIMITS = { eventsPerBatch: 200, batchesPerRun: 2000, stringLength: 256, rulesPerEvent: 20 } as const;

/**
 * What the App answers a batch with: what containment decided, so the Action acts on it at once
 * (`revoked`: stop resolving placeholders; `suspended`: the identity gets no new credentials).
 */
export interface ContainmentAnswer {
  readonly accepted: number;
  readonly duplicate: boolean;
  readonly containment: {
    readonly revoked: boolean;
    readonly suspended: boolean;
    /** The actions taken for this batch, e.g. ["revoke", "suspend", "incident", "notify"]; [] when none. */
    readonly actions: readonly string[];
    readonly reasons: readonly string[];
  };
}
