import { existsSync } from 'node:fs';
import { processIo } from './cli-io.js';
import { runCli } from './run-cli.js';

// The build puts the scan worker beside this entry (scripts/build.js); a build without it scans on one thread.
const scanWorker = new URL('./scan-worker.js', import.meta.url);
process.exitCode = await runCli(process.argv.slice(2), processIo(existsSync(scanWorker) ? scanWorker : undefined));
