import type { Server } from 'node:http';
import { AppStartupError } from './app-startup-error.js';

/** Listens on `host:port`, or rejects with a one-line AppStartupError (a port in use, say) instead of an 'error' event nobody handles. */
export function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      const why = error.code === 'EADDRINUSE' ? 'is in use by another process' : `cannot be used (${error.code ?? error.message})`;
      reject(new AppStartupError('listen_failed', `PORT ${port} on HOST ${host} ${why}; set PORT (or HOST) to a free one`, { cause: error }));
    });
    server.listen(port, host, () => resolve());
  });
}
