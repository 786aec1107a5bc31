/*
 * S3's `aws-chunked` content encoding, as the world reads it: `hex-size[;chunk-signature=sig]\r\n
 * data\r\n` chunks, a zero-size chunk, then trailer lines (`name:value\r\n`) and a blank line.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming.html and
 * https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming-trailers.html
 */

export interface AwsChunk {
  readonly data: Buffer;
  /** The chunk's `chunk-signature` extension, when the payload is signed chunk by chunk. */
  readonly signature?: string;
}

export interface AwsChunkedBody {
  /** Every chunk, the final empty one included. */
  readonly chunks: readonly AwsChunk[];
  /** Trailer headers by lower-case name, in order, with the raw `name:value` text they were read from. */
  readonly trailers: readonly { name: string; value: string }[];
  readonly decoded: Buffer;
}

const CRLF = Buffer.from('\r\n');

/** Decodes a whole aws-chunked body; undefined when it is malformed (S3 answers IncompleteBody). */
export function decodeAwsChunked(body: Buffer): AwsChunkedBody | undefined {
  const chunks: AwsChunk[] = [];
  let at = 0;
  for (;;) {
    const end = body.indexOf(CRLF, at);
    if (end < 0) return undefined;
    const header = body.subarray(at, end).toString('latin1');
    const match = /^([0-9a-fA-F]+)(?:;chunk-signature=([0-9a-f]{64}))?$/.exec(header);
    if (!match) return undefined;
    const size = parseInt(match[1]!, 16);
    const start = end + 2;
    if (size === 0) {
      chunks.push({ data: Buffer.alloc(0), ...(match[2] ? { signature: match[2] } : {}) });
      at = start;
      break;
    }
    if (start + size + 2 > body.length || !body.subarray(start + size, start + size + 2).equals(CRLF)) return undefined;
    chunks.push({ data: body.subarray(start, start + size), ...(match[2] ? { signature: match[2] } : {}) });
    at = start + size + 2;
  }
  const trailers: { name: string; value: string }[] = [];
  for (;;) {
    const end = body.indexOf(CRLF, at);
    if (end < 0) {
      // A signed body without trailers may end right after the last chunk's CRLF.
      if (at === body.length && trailers.length === 0) break;
      return undefined;
    }
    const line = body.subarray(at, end).toString('latin1');
    at = end + 2;
    if (line === '') break;
    const colon = line.indexOf(':');
    if (colon <= 0) return undefined;
    trailers.push({ name: line.slice(0, colon).toLowerCase(), value: line.slice(colon + 1) });
  }
  if (at !== body.length) return undefined;
  return { chunks, trailers, decoded: Buffer.concat(chunks.map((c) => c.data)) };
}
