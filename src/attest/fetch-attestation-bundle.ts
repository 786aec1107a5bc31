import { isIPv4 } from 'node:net';
import { AttestError } from './attest-error.js';
import { BundleBlobError } from './bundle-blob-error.js';
import { BUNDLE_BLOB_LIMIT, decodeBundleBlob } from './decode-bundle-blob.js';

export interface BundleFetchOptions {
  /** The HTTP client; never one that adds credentials of its own (Octokit does). */
  fetch?: typeof fetch;
  /** Deadline for one bundle: connection, answer and body (default 10 s). */
  timeoutMs?: number;
  /** Cap on the body and on the JSON it decodes to (default 16 MiB). */
  maxBytes?: number;
  /** The caller's own deadline, e.g. one budget for all of a pull request's bundles. */
  signal?: AbortSignal;
}

/** One entry of `GET /repos/{owner}/{repo}/attestations/{subject_digest}` (and the org/user forms). */
export interface ListedAttestation {
  bundle?: unknown;
  bundle_url?: string | null;
}

const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * The Sigstore bundle of a listed attestation, in either shape GitHub answers with.
 *
 * Since 2026-07-16, for every API version (2022-11-28 included), GitHub lists attestations with
 * `"bundle": null` and a `bundle_url` on blob storage serving the bundle as snappy-compressed JSON;
 * before, the bundle was inline. The documented breaking change ("Remove the bundle property from
 * attestation list responses ... Use `bundle_url`", https://docs.github.com/en/rest/about-the-rest-api/breaking-changes)
 * reached the old version too, as reported with live answers in
 * https://github.com/terraform-linters/tflint/pull/2593, https://github.com/denoland/clawpatrol/issues/769
 * and https://github.com/aaif-goose/goose/pull/10557.
 *
 * An inline bundle is used as it is, without a request; `gh` prefers the URL when both are present
 * (https://github.com/cli/cli/blob/trunk/pkg/cmd/attestation/api/client.go, fetchBundleFromAttestations),
 * but both name the same bundle and either is verified by signature, so the one that needs no
 * network is taken. An entry with neither is a malformed bundle, as it was before.
 */
export async function listedAttestationBundle(entry: ListedAttestation, options: BundleFetchOptions = {}): Promise<unknown> {
  if (entry.bundle !== null && entry.bundle !== undefined) return entry.bundle;
  if (typeof entry.bundle_url === 'string' && entry.bundle_url !== '') return fetchAttestationBundle(entry.bundle_url, options);
  throw new AttestError('MALFORMED_BUNDLE', 'GitHub listed an attestation with neither a bundle nor a bundle_url');
}

/**
 * Which `bundle_url`s are fetched: https to any host, or http to a loopback address (127.0.0.0/8,
 * [::1]) and nothing else, and never a URL with user information (it would be sent as Basic
 * credentials). GitHub's are pre-signed https URLs on its blob storage; plain http anywhere else
 * would expose the signed URL and the bundle on the network. Loopback http never leaves the machine,
 * and is how the local world serves its blob endpoint to the App. Checked before any request.
 */
export function allowedBundleUrl(bundleUrl: string): URL {
  let url: URL;
  try {
    url = new URL(bundleUrl);
  } catch {
    throw new BundleBlobError('URL_REFUSED', `bundle_url ${JSON.stringify(bundleUrl.slice(0, 200))} is not a URL`);
  }
  const shown = `${url.protocol}//${url.host}${url.pathname}`;
  if (url.username || url.password) throw new BundleBlobError('URL_REFUSED', `bundle_url ${shown} carries credentials; bundle URLs are pre-signed and are fetched without any`);
  if (url.protocol === 'https:') return url;
  if (url.protocol === 'http:' && isLoopback(url.hostname)) return url;
  throw new BundleBlobError('URL_REFUSED', `bundle_url ${shown} is refused: only https URLs (or http to a loopback address) are fetched`);
}

function isLoopback(hostname: string): boolean {
  if (hostname === '[::1]') return true;
  return isIPv4(hostname) && hostname.split('.')[0] === '127';
}

/**
 * Fetches and decodes one `bundle_url`, as `gh attestation verify` does: a plain GET with no
 * credentials. `gh` uses a client "for talking to non-GitHub hosts ... [that] does not attach any
 * authentication tokens or GitHub-specific headers" (ExternalHttpClient,
 * https://github.com/cli/cli/blob/trunk/pkg/cmdutil/factory.go): the URL is its own authorisation,
 * and a GitHub token sent to the blob host would leak to a third party. So the request carries no
 * Authorization header, whatever client the caller uses for GitHub's API.
 *
 * Stricter than `gh`, which reads the whole body and follows redirects: the body is capped while it
 * streams (compressed and decoded, `maxBytes`), the whole exchange has a deadline, and a redirect is
 * an error (following one could lead to a URL `allowedBundleUrl` refuses).
 */
export async function fetchAttestationBundle(bundleUrl: string, options: BundleFetchOptions = {}): Promise<unknown> {
  const url = allowedBundleUrl(bundleUrl);
  const shown = `${url.protocol}//${url.host}${url.pathname}`;
  const maxBytes = options.maxBytes ?? BUNDLE_BLOB_LIMIT;
  const signal = AbortSignal.any([AbortSignal.timeout(options.timeoutMs ?? DEFAULT_TIMEOUT_MS), ...(options.signal ? [options.signal] : [])]);
  const failed = (error: unknown): BundleBlobError =>
    signal.aborted
      ? new BundleBlobError('TIMED_OUT', `bundle_url ${shown} did not answer in time`)
      : new BundleBlobError('FETCH_FAILED', `bundle_url ${shown} could not be fetched (${((error as Error & { cause?: Error }).cause ?? (error as Error)).message})`);
  let response: Response;
  try {
    response = await (options.fetch ?? fetch)(url, { method: 'GET', headers: { 'user-agent': 'airlock' }, redirect: 'manual', signal });
  } catch (error) {
    throw failed(error);
  }
  if (response.status !== 200) {
    await response.body?.cancel().catch(() => undefined);
    throw new BundleBlobError('HTTP_STATUS', `bundle_url ${shown} answered ${response.status}${response.status >= 300 && response.status < 400 ? ' (redirects are not followed)' : ''}`);
  }
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw new BundleBlobError('TOO_LARGE', `bundle_url ${shown} answered ${declared} bytes, over the ${maxBytes}-byte limit`);
  }
  let body: Uint8Array;
  try {
    body = await readCapped(response, maxBytes);
  } catch (error) {
    if (error instanceof BundleBlobError) throw error;
    throw failed(error);
  }
  return decodeBundleBlob(body, maxBytes);
}

/** Reads the body as it streams, stopping (and closing the connection) past `maxBytes`. */
async function readCapped(response: Response, maxBytes: number): Promise<Uint8Array> {
  if (!response.body) return new Uint8Array(0);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new BundleBlobError('TOO_LARGE', `the attestation bundle is over the ${maxBytes}-byte limit; stopped reading`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, total);
}
