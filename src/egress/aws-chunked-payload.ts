/**
 * A chunk-signed `aws-chunked` body, as the proxy reads it to check and re-sign it:
 * `hex-size;chunk-signature=<64 hex>\r\n<data>\r\n` chunks, the last of size 0, then either a blank
 * line or (the -TRAILER form) trailer lines ending in `x-amz-trailer-signature:<64 hex>` and a
 * blank line. https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming.html and
 * https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming-trailers.html
 */
export interface AwsChunks {
  /** `size` as the client wrote it (hex), so the body keeps its length when signed again. */
  readonly chunks: readonly { readonly size: string; readonly data: Buffer; readonly signature: string }[];
  /** The trailer's header lines (each `name:value\n`, as signed) and its signature. */
  readonly trailer?: { readonly lines: string; readonly signature: string };
}

const CRLF = Buffer.from('\r\n');

/** Parses the whole body; undefined when it is not exactly this shape (and so cannot be checked). */
export function parseAwsChunks(body: Buffer, withTrailer: boolean): AwsChunks | undefined {
  const chunks: { size: string; data: Buffer; signature: string }[] = [];
  let at = 0;
  for (;;) {
    const end = body.indexOf(CRLF, at);
    if (end < 0) return undefined;
    const header = /^([0-9a-fA-F]{1,16});chunk-signature=([0-9a-f]{64})$/.exec(body.subarray(at, end).toString('latin1'));
    if (!header) return undefined;
    const size = parseInt(header[1]!, 16);
    const start = end + 2;
    if (start + size > body.length) return undefined;
    chunks.push({ size: header[1]!, data: body.subarray(start, start + size), signature: header[2]! });
    if (size === 0) {
      at = start;
      break;
    }
    if (!body.subarray(start + size, start + size + 2).equals(CRLF)) return undefined;
    at = start + size + 2;
  }
  if (!withTrailer) return body.subarray(at).equals(CRLF) ? { chunks } : undefined;
  const rest = body.subarray(at).toString('latin1');
  const lines = rest.split('\r\n');
  // name:value lines, the signature line, then the blank line that ends the body.
  if (lines.length < 3 || lines.at(-1) !== '' || lines.at(-2) !== '') return undefined;
  const fields = lines.slice(0, -2);
  const signatureLine = /^x-amz-trailer-signature:([0-9a-f]{64})$/.exec(fields.at(-1) ?? '');
  const signed = fields.slice(0, -1);
  if (!signatureLine || signed.length === 0 || signed.some((l) => !/^[a-z0-9-]+:\S*$/.test(l))) return undefined;
  return { chunks, trailer: { lines: signed.map((l) => `${l}\n`).join(''), signature: signatureLine[1]! } };
}

/** The body again, with the given chunk and trailer signatures (same sizes, so the same length). */
export function serializeAwsChunks(body: AwsChunks): Buffer {
  const parts: Buffer[] = [];
  for (const chunk of body.chunks) {
    parts.push(Buffer.from(`${chunk.size};chunk-signature=${chunk.signature}\r\n`, 'latin1'), chunk.data);
    if (chunk.data.length > 0) parts.push(CRLF);
  }
  if (body.trailer) parts.push(Buffer.from(`${body.trailer.lines.replace(/\n/g, '\r\n')}x-amz-trailer-signature:${body.trailer.signature}\r\n\r\n`, 'latin1'));
  else parts.push(CRLF);
  return Buffer.concat(parts);
}
