import type { EgressLogRecord } from '../egress/egress-log-record.js';
import type { ResolutionSwitch } from '../egress/resolution-switch.js';
import type { GatewayLogRecord } from '../gateway/gateway-log-record.js';
import type { KnownValue } from '../scan/known-values.js';
import { scanText } from '../scan/scan-text.js';
import { egressRunEvents } from './egress-run-event.js';
import { gatewayRunEvents } from './gateway-run-event.js';
import type { RunEvent } from './run-event.js';
import { startRunEventSink, type RunEventSinkOptions, type TelemetryReport } from './run-event-sink.js';
import { screenRunEvent } from './screen-run-event.js';
import { valueMatcher } from './value-matcher.js';

export interface RunTelemetryOptions extends Omit<RunEventSinkOptions, 'onContainment' | 'warn'> {
  /** The switch the egress proxy and the LLM gateway share: turned when containment revokes the run. */
  readonly resolution: ResolutionSwitch;
  /** Every value no event may carry (the run's credentials and placeholders); asked as they grow. */
  readonly sensitive: () => readonly KnownValue[];
  /** The LLM gateway's virtual host, the host of its events. */
  readonly gatewayHost: string;
  /** A warning annotation (telemetry trouble, once; containment, once each). */
  readonly warn: (message: string) => void;
}

export interface RunTelemetry {
  record(event: RunEvent): void;
  /** The egress proxy's log hook. */
  egress(record: EgressLogRecord): void;
  /** The LLM gateway's log hook. */
  gateway(record: GatewayLogRecord): void;
  /** The final flush at the end of the agent step; what was sent and what containment decided. */
  close(deadlineMs: number): Promise<TelemetryReport>;
}

/**
 * One run's telemetry: the proxy's and the gateway's records and the step's own events mapped to
 * run events, screened (screen-run-event.ts) and sent (run-event-sink.ts); the App's containment
 * acted on at once: `revoked` stops every resolution through the shared switch, `suspended` is
 * said. Nothing here throws into the proxy, the gateway or the step.
 */
export function startRunTelemetry(options: RunTelemetryOptions): RunTelemetry {
  let said = { revoked: false, suspended: false, failed: false };
  const sink = startRunEventSink({
    ...options,
    onContainment: (c) => {
      const why = c.reasons.length ? ` (${c.reasons.join('; ')})` : '';
      if (c.revoked && options.resolution.stop('revoked-by-containment') && !said.revoked) {
        said = { ...said, revoked: true };
        options.warn(`The Airlock App's containment revoked this run's credentials${why}: from now on the egress proxy and the LLM gateway resolve no placeholder (revoked-by-containment).`);
      }
      if (c.suspended && !said.suspended) {
        said = { ...said, suspended: true };
        options.warn(`The Airlock App suspended the identity ${options.identity}${why}: it gets no new credentials until a human resumes it (/airlock resume ${options.identity}).`);
      }
    },
  });
  // Rebuilt only when the run holds more values (a re-minted token).
  let cached: { size: number; carries: (text: string) => boolean } | undefined;
  /**
   * A value of the run, or anything the secret scanner reads as a credential (an agent-chosen host
   * or model carrying some other secret out): replaced, since the App refuses a whole batch that
   * holds one (app/telemetry/parse-run-event-batch.ts), and an agent must not blind telemetry so.
   */
  const carries = (text: string): boolean => {
    const values = options.sensitive();
    if (cached?.size !== values.length) cached = { size: values.length, carries: valueMatcher(values) };
    if (cached.carries(text)) return true;
    const scanned = scanText(text);
    return scanned.findings.length > 0 || scanned.truncated !== undefined;
  };
  const record = (make: () => readonly RunEvent[]) => {
    try {
      for (const event of make()) sink.push(screenRunEvent(event, carries));
    } catch (error) {
      if (said.failed) return;
      said = { ...said, failed: true };
      options.warn(`Airlock telemetry: an event could not be recorded (${(error as Error).message}); the agent runs on.`);
    }
  };
  return {
    record: (event) => record(() => [event]),
    egress: (r) => record(() => egressRunEvents(r)),
    gateway: (r) => record(() => gatewayRunEvents(r, options.gatewayHost)),
    async close(deadlineMs) {
      await sink.close(deadlineMs);
      return sink.report();
    },
  };
}
