// snappyjs (MIT, pure JavaScript, no dependencies) decodes the snappy *block* format, the one
// GitHub's blob storage serves and `gh attestation verify` decodes (see below). Chosen over
// `snappy`/`@napi-rs/snappy`, which load a native addon per platform and so cannot live in the
// single-file bundles `npm run build` makes (dist/cli.js runs the App), and over the wasm and
// framing-format packages, which solve other problems (the framing format is not what GitHub
// serves). Its `uncompress(body, maxLength)` refuses a declared length over `maxLength` before it
// allocates, which is what bounds memory here.
import { uncompress } from 'snappyjs';
import { BundleBlobError } from './bundle-blob-error.js';

/** The most a bundle may take, compressed or decoded; a Sigstore bundle is a few kilobytes. */
export const BUNDLE_BLOB_LIMIT = 16 * 1024 * 1024;

/** The framing format's stream identifier chunk: https://github.com/google/snappy/blob/main/framing_format.txt */
const FRAMING_MAGIC = Buffer.from([0xff, 0x06, 0x00, 0x00, 0x73, 0x4e, 0x61, 0x50, 0x70, 0x59]);

/** JSON's insignificant whitespace: https://www.rfc-editor.org/rfc/rfc8259#section-2 */
const JSON_WHITESPACE = new Set([0x20, 0x09, 0x0a, 0x0d]);

/**
 * The JSON a `bundle_url` serves, decoded from the bytes of the answer.
 *
 * GitHub serves the bundle as snappy-compressed JSON (`Content-Type: application/x-snappy`, blob
 * names ending `.json.sn`), and `gh attestation verify` decodes it with
 * `github.com/klauspost/compress/snappy`'s `snappy.Decode`, the block format, whatever the content
 * type says: https://github.com/cli/cli/blob/trunk/pkg/cmd/attestation/api/client.go (getBundle).
 * So the content type is not consulted here either.
 *
 * Plain JSON is accepted too, and told apart by its first byte: a bundle is a JSON object, so its
 * first byte after any JSON whitespace is `{`. A snappy block starts with the varint of its decoded
 * length, whose first byte is `{` (or whitespace) only when that length is 123 (or 9, 10, 13, 32)
 * bytes, far below any Sigstore bundle (its certificate alone is larger), and whatever is decoded is
 * then verified by signature anyway.
 */
export function decodeBundleBlob(body: Uint8Array, maxBytes = BUNDLE_BLOB_LIMIT): unknown {
  const json = isPlainJson(body) ? body : decodeSnappyBlock(body, maxBytes);
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(json));
  } catch (error) {
    throw new BundleBlobError('NOT_JSON', `the attestation bundle does not decode to JSON (${(error as Error).message})`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new BundleBlobError('NOT_JSON', 'the attestation bundle is JSON but not an object');
  return value;
}

function isPlainJson(body: Uint8Array): boolean {
  let i = 0;
  while (i < body.length && JSON_WHITESPACE.has(body[i]!)) i++;
  return body[i] === 0x7b;
}

/**
 * The uncompressed length a snappy block declares: a little-endian base-128 varint of at most 32
 * bits. https://github.com/google/snappy/blob/main/format_description.txt (section 1)
 */
function declaredLength(body: Uint8Array): number | undefined {
  let length = 0;
  for (let i = 0; i < 5 && i < body.length; i++) {
    const byte = body[i]!;
    length += (byte & 0x7f) * 2 ** (7 * i);
    if (byte < 0x80) return length <= 0xffffffff ? length : undefined;
  }
  return undefined;
}

function decodeSnappyBlock(body: Uint8Array, maxBytes: number): Uint8Array {
  if (body.length >= FRAMING_MAGIC.length && FRAMING_MAGIC.equals(body.subarray(0, FRAMING_MAGIC.length))) {
    throw new BundleBlobError('CORRUPT_SNAPPY', 'the attestation bundle is a snappy framed stream; GitHub serves the block format');
  }
  const length = declaredLength(body);
  if (length === undefined) throw new BundleBlobError('CORRUPT_SNAPPY', 'the attestation bundle is neither JSON nor a snappy block (no valid length header)');
  if (length > maxBytes) throw new BundleBlobError('TOO_LARGE', `the attestation bundle would decode to ${length} bytes, over the ${maxBytes}-byte limit`);
  try {
    // snappyjs does not check that the tags fill exactly the declared length: a short stream leaves
    // zero bytes at the end, which JSON.parse refuses, and the signature covers the content.
    return uncompress(body, maxBytes);
  } catch (error) {
    throw new BundleBlobError('CORRUPT_SNAPPY', `the attestation bundle is not a valid snappy block (${(error as Error).message})`);
  }
}
