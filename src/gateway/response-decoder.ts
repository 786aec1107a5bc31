import type { Transform } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';

/**
 * A decoder for a response's Content-Encoding, so the scrubber sees plain bytes even when the
 * upstream compresses despite `accept-encoding: identity`. `null` for a stack or coding the
 * gateway cannot decode: such an answer is refused rather than passed through unscrubbed.
 */
export function responseDecoder(contentEncoding: string | undefined): Transform | undefined | null {
  const coding = (contentEncoding ?? '').trim().toLowerCase();
  if (coding === '' || coding === 'identity') return undefined;
  if (coding === 'gzip' || coding === 'x-gzip') return createGunzip();
  if (coding === 'deflate') return createInflate();
  if (coding === 'br') return createBrotliDecompress();
  return null;
}
