import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';

/** A file's bytes, or why they were not read: larger than the cap, or an error code (ENOENT, EACCES, ...). */
export type FileRead = { readonly bytes: Buffer } | { readonly tooLarge: true } | { readonly error: string };

/**
 * A buffer one thread reads file after file into: the bytes of a read are valid until its next
 * read. A fresh allocation per file costs page faults for every byte read and, as external
 * memory, drives V8 into full garbage collections; one reused buffer costs neither.
 */
export interface ReadScratch {
  buffer: Buffer;
}

/**
 * Reads a file for `airlock scan` with four system calls and no round trip through libuv's
 * thread pool: most files of a source tree are small, and for them the asynchronous API's
 * per-call cost outweighs the read. Opened non-blocking, so a path swapped for a FIFO after the
 * walk cannot hang the scan: anything but a regular file is an error (EINVAL).
 */
export function readScanFile(path: string, maxBytes: number, scratch?: ReadScratch): FileRead {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    return { error: (error as NodeJS.ErrnoException).code ?? (error as Error).message };
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) return { error: 'EINVAL' };
    if (st.size > maxBytes) return { tooLarge: true };
    // One byte more than the size, to see a file that grew since fstat; read to its end.
    let bytes = scratch !== undefined && scratch.buffer.length > st.size ? scratch.buffer : Buffer.allocUnsafeSlow(st.size + 1);
    let length = 0;
    for (;;) {
      if (length === bytes.length) {
        if (length > maxBytes) return { tooLarge: true };
        const larger = Buffer.allocUnsafeSlow(Math.min(2 * bytes.length, maxBytes + 1));
        bytes.copy(larger, 0, 0, length);
        bytes = larger;
      }
      const n = readSync(fd, bytes, length, bytes.length - length, null);
      if (n === 0) break;
      length += n;
    }
    if (scratch !== undefined && bytes.length > scratch.buffer.length) scratch.buffer = bytes;
    return { bytes: bytes.subarray(0, length) };
  } catch (error) {
    return { error: (error as NodeJS.ErrnoException).code ?? (error as Error).message };
  } finally {
    closeSync(fd);
  }
}
