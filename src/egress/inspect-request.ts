import { request as httpRequest, type ClientRequest, type IncomingHttpHeaders, type IncomingMessage, type OutgoingHttpHeaders, type ServerResponse } from 'node:http';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { responseDecoder } from '../gateway/response-decoder.js';
import { carriesKnownValue } from '../gateway/sensitive-metadata.js';
import { StreamScrubber, scrubString } from '../gateway/stream-scrubber.js';
import { KnownValues, type KnownValue } from '../scan/known-values.js';
import { prepareAwsRequest, type AwsRequestFacts } from './aws-resolution.js';
import { batchWrites } from './batch-writes.js';
import { BodyInspection, type BodyRefusal } from './body-inspection.js';
import type { Resigned } from './aws-resign.js';
import { UpstreamError } from './connect-upstream.js';
import type { CredentialBinding, CredentialSet, FoundCredential } from './credential-binding.js';
import type { EgressLogRecord } from './egress-log-record.js';
import type { ProxyTarget } from './parse-proxy-target.js';
import type { UpstreamAgents } from './upstream-agent.js';

export type BodyVerdict = { readonly verdict: 'allow' } | { readonly verdict: 'block'; readonly reason: string };

export interface InspectedRequest {
  readonly method: string;
  readonly host: string;
  readonly port: number;
  readonly path: string;
}

/**
 * The scanner's hook: reads the request body (capped) as it arrives, while the proxy forwards it
 * (see createRequestInspector: a block aborts the upstream request, which never gets a complete
 * request; a body of up to HOLD_BYTES is read whole before any byte leaves). Opaque CONNECT
 * tunnels never reach it.
 */
export type InspectBody = (body: AsyncIterable<Buffer>, request: InspectedRequest) => Promise<BodyVerdict>;

/** What the per-request policy sees (`data.airlock.egress`'s `request`). */
export interface RequestFacts {
  readonly scheme: 'http' | 'https';
  readonly method: string;
  readonly host: string;
  readonly port: number;
  readonly path: string;
  /** For a request signed with the run's AWS session: its service, region and operation (aws-resolution.ts). */
  readonly aws?: AwsRequestFacts;
}

export interface RequestDecision {
  readonly decision: 'allow' | 'resolve' | 'deny';
  readonly reasons: readonly string[];
}

/** `data.airlock.egress`: asked for every inspected request with the credential it carries and where; a throw denies. */
export type DecideRequest = (request: RequestFacts, found: Pick<FoundCredential, 'credential' | 'placement'> | undefined) => RequestDecision;

export type ApprovalOutcome = { readonly approved: true } | { readonly approved: false; readonly reason: string };

/** Asked before a credential that needs a human's approval is resolved; the request waits meanwhile. */
export type ApproveResolution = (credential: CredentialBinding, request: RequestFacts, signal: AbortSignal) => Promise<ApprovalOutcome>;

/** Request bodies held at once, over every request of the proxy. */
export interface BodyBudget {
  take(bytes: number): boolean;
  release(bytes: number): void;
}

export interface InspectionContext {
  readonly credentials: CredentialSet | undefined;
  readonly decide: DecideRequest | undefined;
  readonly approve: ApproveResolution | undefined;
  /** Every real value the run holds: checked for in requests (DLP), scrubbed from resolved responses. */
  readonly protectedValues: (() => readonly KnownValue[]) | undefined;
  readonly inspectBody: InspectBody | undefined;
  readonly agents: UpstreamAgents;
  readonly maxRequestBodyBytes: number;
  readonly budget: BodyBudget;
  readonly log: (start: number, record: Omit<EgressLogRecord, 'time' | 'durationMs'>) => void;
  /** For AWS signatures' time checks; default Date.now. */
  readonly now?: () => number;
}

/** Hop-by-hop and proxy headers (RFC 9110 §7.6.1) are never forwarded; `Host` is rewritten from the checked target; `Expect` is answered here, since the proxy reads (and inspects) the body itself. */
const HOP_BY_HOP = new Set(['expect', 'connection', 'keep-alive', 'proxy-connection', 'proxy-authorization', 'proxy-authenticate', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'host', 'content-length']);

/**
 * Body bytes kept back from the upstream behind the newest byte received: more than any needle
 * (placeholders, real values) and than the streaming scanner's settling lag (a 64 KiB window plus
 * its reach and look-behind, about 120 KiB; window-scanner.ts), so whatever a refusal is about is
 * still here when it is found. Per request, counted in the body budget.
 */
export const HOLD_BYTES = 256 * 1024;

export function forwardHeaders(headers: IncomingHttpHeaders): OutgoingHttpHeaders {
  const named = new Set(
    String(headers.connection ?? '')
      .split(',')
      .map((s) => s.trim().toLowerCase()),
  );
  const out: OutgoingHttpHeaders = {};
  for (const [k, v] of Object.entries(headers)) if (v !== undefined && !HOP_BY_HOP.has(k) && !named.has(k)) out[k] = v;
  return out;
}

function hostHeaderValue(target: ProxyTarget, scheme: 'http' | 'https'): string {
  const host = target.host.kind === 'ipv6' ? `[${target.host.host}]` : target.host.host;
  return target.port === (scheme === 'https' ? 443 : 80) ? host : `${host}:${target.port}`;
}

/**
 * One request the proxy can see whole (plain HTTP, or HTTPS inside a tunnel it terminated), from
 * the allowed target to the upstream and back. In order, each step refusing on its own:
 * placeholders only in their bound place toward their bound host; no real value of the run in the
 * URL or headers; the per-request policy; a human's approval where the credential needs one; the
 * body (capped, inspected on the stream) free of placeholders, real values and scanner findings; then the real
 * credential put in its place, and the answer scrubbed of every real value before the agent sees it.
 */
export function createRequestInspector(ctx: InspectionContext) {
  /** `audited`: the allow-list would have refused this (audit mode), recorded on the request's log line. */
  return async (req: IncomingMessage, res: ServerResponse, t: ProxyTarget, scheme: 'http' | 'https', start: number, audited?: string): Promise<void> => {
    const method = req.method ?? 'GET';
    const kind = scheme;
    let requestBytes = 0;
    let held = 0;
    let credential: string | undefined;
    let policy: RequestDecision['decision'] | undefined;
    const release = () => {
      ctx.budget.release(held);
      held = 0;
    };
    const tags = () => ({ ...(credential ? { credential } : {}), ...(policy ? { policy } : {}) });
    const refuse = (status: number, reason: string, detail?: string) => {
      release();
      ctx.log(start, { kind, method, host: t.host.host, port: t.port, path: t.path, decision: 'deny', reason, status, requestBytes, responseBytes: 0, ...tags() });
      if (res.headersSent) {
        res.destroy();
        return;
      }
      // The unread body stays on the socket: `connection: close` makes the server drop it after this answer.
      res.writeHead(status, { 'content-type': 'text/plain', connection: 'close', 'x-airlock-egress': reason });
      res.end(`airlock egress: ${reason}${detail ? `: ${detail}` : ''}\n`);
    };
    try {
      const url = t.path + t.query;
      // 1. Placeholders: only in their binding's place, toward their binding's host.
      const search = ctx.credentials?.find({ scheme, target: t, headers: req.headers, url }) ?? { ok: true as const };
      if (!search.ok) {
        credential = search.credential;
        return refuse(403, search.reason, search.detail);
      }
      const found: FoundCredential | undefined = search.found;
      credential = found?.credential.id;

      // 2. No real value of the run in the URL or a header, in any encoding the masking knows.
      let protectedValues: KnownValues | undefined;
      if (ctx.protectedValues) {
        try {
          protectedValues = new KnownValues(ctx.protectedValues());
        } catch {
          return refuse(503, 'scan-failed');
        }
        if (carriesKnownValue(protectedValues, url, req.headers)) return refuse(403, 'sensitive-value-in-request');
      }

      // 3. The per-request policy. Without one, a found credential is resolved (its binding already held).
      // An AWS request is decided once its body is read: a Query API names its operation there.
      const facts: RequestFacts = { scheme, method, host: t.host.host, port: t.port, path: t.path };
      const decide = (asked: RequestFacts): { status: number; reason: string; detail?: string } | undefined => {
        let decision: RequestDecision;
        try {
          decision = ctx.decide ? ctx.decide(asked, found) : { decision: found ? 'resolve' : 'allow', reasons: [] };
        } catch (e) {
          decision = { decision: 'deny', reasons: [`policy error: ${(e as Error).message}`] };
        }
        policy = decision.decision;
        if (decision.decision === 'deny') return { status: 403, reason: 'policy-denied', detail: decision.reasons.join('; ') };
        if (found && decision.decision !== 'resolve') return { status: 403, reason: 'resolution-denied', detail: `the egress policy does not let ${found.credential.id} be resolved toward ${t.host.host}` };
        return undefined;
      };
      const aws = found?.placement === 'aws-sigv4' ? found.credential.aws : undefined;
      const early = aws ? undefined : decide(facts);
      if (early) return refuse(early.status, early.reason, early.detail);

      // 4. A human's approval, asked of the App, while the request waits.
      if (found?.credential.approval && !found.credential.resolvedDownstream) {
        if (!ctx.approve) return refuse(403, 'approval-unavailable', `${found.credential.id} needs a human's approval and no Airlock App was configured to ask`);
        const gone = new AbortController();
        const onClose = () => gone.abort();
        res.once('close', onClose);
        let outcome: Awaited<ReturnType<ApproveResolution>>;
        try {
          outcome = await ctx.approve(found.credential, facts, gone.signal);
        } catch (e) {
          outcome = { approved: false, reason: `approval failed: ${(e as Error).message}` };
        } finally {
          res.off('close', onClose);
        }
        if (gone.signal.aborted) return refuse(499, 'client-gone');
        if (!outcome.approved) return refuse(403, 'approval-refused', outcome.reason);
      }

      // 5. The body, inspected on the stream (body-inspection.ts: placeholders, DLP with the
      // byte-level scanner, the InspectBody hook) and forwarded as it is cleared, so memory per
      // request is the hold-back below, never the upload. Bodies up to HOLD_BYTES (every body when
      // the cap is no larger) are read whole before any byte leaves, exactly as before; an AWS
      // request is always read whole (up to the cap), as its signature covers the body.
      //
      // Refusal after bytes left: a larger body starts going upstream once HOLD_BYTES more have
      // arrived behind it. If it must then be refused on what came later (placeholder, DLP
      // finding, the hook, the cap, the budget, the client gone), the upstream request is aborted
      // (its connection destroyed mid-body), so the upstream never gets a complete request, and the
      // agent gets the refusal as for a small body. For the proxy's own checks the unsent tail (at
      // least HOLD_BYTES, more than any needle and than the scanner's settling lag) holds what was
      // found, so it never leaves; an InspectBody hook reads at its own pace, and a block it
      // returns late relies on the abort alone.
      const cap = ctx.maxRequestBodyBytes;
      const declared = req.headers['content-length'];
      if (declared !== undefined && Number(declared) > cap) return refuse(413, 'body-too-large');
      const inspection = new BodyInspection({
        placeholders: ctx.credentials?.placeholders,
        protectedValues,
        inspectBody: ctx.inspectBody,
        request: { method, host: t.host.host, port: t.port, path: t.path },
      });
      const holdWhole = aws !== undefined;
      /** Chunks received and not yet forwarded, oldest first; `held` bytes, taken from the budget. */
      const queue: Buffer[] = [];
      let upstream: ClientRequest | undefined;
      let reading = true;
      let aborted = false;
      /** Settles once the request is sent whole (true) or refused (false): only then does an answer go back. */
      let sent!: (ok: boolean) => void;
      const complete = new Promise<boolean>((resolve) => (sent = resolve));
      let stopReading: ((refusal: BodyRefusal) => void) | undefined;
      const pauses = new Set<'upstream' | 'hook'>();
      const hold = (why: 'upstream' | 'hook') => {
        pauses.add(why);
        req.pause();
      };
      const unhold = (why: 'upstream' | 'hook') => {
        pauses.delete(why);
        if (pauses.size === 0 && reading) req.resume();
      };

      // 6. Forward, with the real credential in the one place the agent put its placeholder
      // (or, for AWS, the request signed again with the real session).
      const scrubValues = found !== undefined && !found.credential.resolvedDownstream ? (protectedValues ?? new KnownValues([{ value: found.credential.real(), label: found.credential.id }])) : undefined;
      const forwarded = (): { headers: OutgoingHttpHeaders; resolved: boolean } | BodyRefusal & { detail?: string } => {
        const headers = forwardHeaders(req.headers);
        headers.host = hostHeaderValue(t, scheme);
        const resolved = found !== undefined && !found.credential.resolvedDownstream;
        // Asked again here: containment may have revoked the run's credentials while the request waited (approval, body).
        const stopped = found ? ctx.credentials?.stopped() : undefined;
        if (stopped) return { status: 403, reason: stopped, detail: `the Airlock App's containment revoked this run's credentials; ${found!.credential.id} is no longer resolved` };
        if (resolved) {
          if (!aws) headers[found.header] = found.value(found.credential.real());
          // Plain answers only, so the scrubber sees the bytes a reflected value would be in.
          headers['accept-encoding'] = 'identity';
        }
        return { headers, resolved };
      };
      const open = (path: string, headers: OutgoingHttpHeaders, resolved: boolean): ClientRequest => {
        const request = httpRequest({ method, path, headers, agent: ctx.agents.agentFor(scheme, t.host, t.port) });
        request.on('response', (up) => void complete.then((ok) => (ok ? answer(up, resolved) : up.destroy())));
        request.on('error', (e) => {
          if (aborted) return;
          const failed = { status: 502, reason: e instanceof UpstreamError ? e.code : 'upstream-failed' };
          if (reading && stopReading) return stopReading(failed);
          if (!res.headersSent) refuse(failed.status, failed.reason);
          else res.destroy();
        });
        res.once('close', () => {
          if (!res.writableFinished) request.destroy();
        });
        return request;
      };
      const answer = (up: IncomingMessage, resolved: boolean) => {
        const status = up.statusCode ?? 502;
        let responseBytes = 0;
        const done = () =>
          ctx.log(start, { kind, method, host: t.host.host, port: t.port, path: t.path, decision: 'allow', ...(audited ? { reason: audited } : {}), status, requestBytes, responseBytes, ...tags(), ...(found ? { resolved } : {}) });
        // No redirect following: whatever the upstream answers, 3xx included, goes back as is (scrubbed when resolved).
        if (!scrubValues) {
          const out = forwardHeaders(up.headers);
          if (up.headers['content-length'] !== undefined) out['content-length'] = up.headers['content-length'];
          res.writeHead(status, up.statusMessage, out);
          up.on('data', (c: Buffer) => (responseBytes += c.length));
          up.pipe(res);
          res.once('close', done);
          up.once('error', () => res.destroy());
          return;
        }
        // A bound host that reflects the request (an echo, an error page quoting a header) must not
        // hand the real value back to the agent (THREATS.md §F 32).
        const decoder = responseDecoder(up.headers['content-encoding']);
        if (decoder === null) {
          up.resume();
          return refuse(502, 'upstream-encoding-unsupported');
        }
        const out: OutgoingHttpHeaders = {};
        for (const [k, v] of Object.entries(forwardHeaders(up.headers))) {
          if (k === 'content-encoding' || v === undefined) continue;
          out[k] = Array.isArray(v) ? v.map((x) => scrubString(scrubValues, x).text) : scrubString(scrubValues, String(v)).text;
        }
        // A HEAD answer has no body, and its length is the entity's: clients read it (aws s3 cp's HeadObject).
        if (method === 'HEAD' && /^\d+$/.test(String(up.headers['content-length']))) out['content-length'] = up.headers['content-length'];
        const scrubber = new StreamScrubber(scrubValues);
        const scrub = new Transform({
          transform(chunk: Buffer, _enc, next) {
            const clean = scrubber.push(chunk);
            responseBytes += clean.length;
            next(null, clean);
          },
          flush(next) {
            const clean = scrubber.end();
            responseBytes += clean.length;
            next(null, clean);
          },
        });
        // The reason phrase is free text that could echo a value: not passed on.
        res.writeHead(status, out);
        res.once('close', done);
        const flow = decoder ? pipeline(up, decoder, scrub, res) : pipeline(up, scrub, res);
        flow.catch(() => res.destroy());
      };
      /** Sends the oldest held chunk upstream, pausing the client while the upstream catches up. */
      const forward = (request: ClientRequest) => {
        const chunk = queue.shift()!;
        held -= chunk.length;
        ctx.budget.release(chunk.length);
        batchWrites(request);
        request.write(chunk);
        // Up to HOLD_BYTES more may wait in the upstream's buffer: pausing the client at Node's
        // 16 KiB mark would stop and start its socket on nearly every chunk.
        if (request.writableLength > HOLD_BYTES && !pauses.has('upstream')) {
          hold('upstream');
          request.once('drain', () => unhold('upstream'));
        }
      };

      // Read by hand rather than with for-await: leaving that loop early destroys the socket
      // and can drop the refusal before it reaches the client.
      let outcome = await new Promise<BodyRefusal | 'complete'>((resolve) => {
        const stop = (refusal: BodyRefusal | 'complete') => {
          if (!reading) return;
          reading = false;
          req.off('data', onData);
          if (refusal !== 'complete') req.pause();
          resolve(refusal);
        };
        stopReading = stop;
        const onData = (chunk: Buffer) => {
          requestBytes += chunk.length;
          if (requestBytes > cap) return stop({ status: 413, reason: 'body-too-large' });
          if (!ctx.budget.take(chunk.length)) return stop({ status: 503, reason: 'proxy-busy' });
          held += chunk.length;
          queue.push(chunk);
          const refusal = inspection.push(chunk);
          if (refusal) return stop(refusal);
          if (inspection.hookPending > HOLD_BYTES) {
            hold('hook');
            inspection.onHookDrain(() => unhold('hook'));
          }
          if (holdWhole || held - queue[0]!.length < HOLD_BYTES) return;
          if (!upstream) {
            const prepared = forwarded();
            if (!('headers' in prepared)) return stop(prepared);
            // Streamed: the client's own length when it declared one (the body is not changed), else chunked.
            if (declared !== undefined) prepared.headers['content-length'] = Number(declared);
            else prepared.headers['transfer-encoding'] = 'chunked';
            upstream = open(url, prepared.headers, prepared.resolved);
          }
          while (queue.length > 0 && held - queue[0]!.length >= HOLD_BYTES) forward(upstream);
        };
        req.on('data', onData);
        req.once('end', () => stop('complete'));
        req.once('error', () => stop({ status: 400, reason: 'body-aborted' }));
        req.once('close', () => {
          if (!req.complete) stop({ status: 400, reason: 'body-aborted' });
        });
      });
      if (outcome === 'complete') outcome = (await inspection.end()) ?? 'complete';
      else inspection.abandon();
      if (outcome !== 'complete') {
        // Bytes may have left already: the upstream request is cut off mid-body (see above).
        aborted = true;
        upstream?.destroy();
        sent(false);
        return refuse(outcome.status, outcome.reason, (outcome as { detail?: string }).detail);
      }
      if (upstream) {
        while (queue.length > 0) forward(upstream);
        upstream.end();
        sent(true);
        return;
      }
      // The body was held whole (small, or AWS): one request with its exact length.
      // The AWS request, read whole: its signature checked with the placeholders, then the policy.
      let resign: ((forwarded: OutgoingHttpHeaders) => Promise<Resigned>) | undefined;
      if (aws) {
        const checked = await prepareAwsRequest({ binding: aws, target: t, method, headers: req.headers, rawHeaders: req.rawHeaders, body: Buffer.concat(queue), now: (ctx.now ?? Date.now)() });
        if (!checked.ok) return refuse(403, checked.reason, checked.detail);
        const late = decide({ ...facts, aws: checked.facts });
        if (late) return refuse(late.status, late.reason, late.detail);
        resign = checked.resign;
      }
      const prepared = forwarded();
      if (!('headers' in prepared)) return refuse(prepared.status, prepared.reason, prepared.detail);
      let headers = prepared.headers;
      if (requestBytes > 0 || declared !== undefined) headers['content-length'] = requestBytes;
      let path = url;
      let payload: Buffer | undefined;
      if (resign) {
        let resigned: Resigned;
        try {
          resigned = await resign(headers);
        } catch {
          return refuse(502, 'aws-resign-failed');
        }
        headers = resigned.headers;
        path = resigned.url ?? url;
        payload = resigned.body;
      }
      upstream = open(path, headers, prepared.resolved);
      if (payload) upstream.end(payload);
      else {
        while (queue.length > 0) forward(upstream);
        upstream.end();
      }
      sent(true);
    } finally {
      release();
    }
  };
}
