/** A progress line for long scans, drawn only on a terminal (stderr) and never into logs. */
export interface ScanProgress {
  update(done: number, total: number): void;
  /** Clears the line, if one was drawn. */
  end(): void;
}

/**
 * Rewrites one stderr line at most every `intervalMs` (250 ms by default): a scan that ends
 * sooner draws nothing. `enabled` is whether stderr is a TTY (process.stderr.isTTY), so CI logs
 * and tests stay clean.
 */
export function scanProgress(options: { enabled: boolean; write: (text: string) => void; now?: () => number; intervalMs?: number }): ScanProgress {
  const now = options.now ?? Date.now;
  const interval = options.intervalMs ?? 250;
  let last = now();
  let drawn = false;
  return {
    update(done, total) {
      if (!options.enabled || now() - last < interval) return;
      last = now();
      drawn = true;
      // \r and "erase line" (ECMA-48 EL, CSI 2 K): the line is rewritten in place.
      options.write(`\r\x1b[2Kairlock scan: ${done}/${total} files`);
    },
    end() {
      if (drawn) options.write('\r\x1b[2K');
      drawn = false;
    },
  };
}
