/** What a CLI command may touch: passed in so commands are testable without a real terminal. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** What `airlock scan -` reads; absent, reading stdin is an input error. */
  stdin?: NodeJS.ReadableStream;
  /** Whether stderr is a terminal: progress lines are drawn only then, never in logs. */
  stderrIsTTY?: boolean;
  /** The scan worker script (dist/scan-worker.js) when it ships beside the CLI; absent, `scan` scans on its own thread. */
  scanWorker?: URL;
}

/** A subcommand: its arguments after the command name; resolves to the process exit code. */
export type CliCommand = (argv: string[], io: CliIo) => Promise<number>;

export const processIo = (scanWorker?: URL): CliIo => ({
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
  cwd: process.cwd(),
  // A getter: touching process.stdin opens it, and only `scan -` should.
  get stdin() {
    return process.stdin;
  },
  stderrIsTTY: process.stderr.isTTY === true,
  ...(scanWorker ? { scanWorker } : {}),
});
