import { connect, createServer } from 'node:net';

export interface HostBridge {
  readonly port: number;
  close(): Promise<void>;
}

/**
 * For `sandbox: none` only: a loopback TCP listener on the host relaying to the egress proxy's
 * unix socket, so the proxy variables still point somewhere. Without a network namespace the
 * agent can ignore them; this is convenience, not enforcement.
 */
export async function startHostBridge(socketPath: string): Promise<HostBridge> {
  const open = new Set<{ destroy(): void }>();
  const server = createServer({ allowHalfOpen: true }, (client) => {
    open.add(client);
    client.on('close', () => open.delete(client));
    const upstream = connect({ path: socketPath, allowHalfOpen: true });
    const kill = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', kill);
    upstream.on('error', kill);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string')
    throw new Error('host bridge has no TCP address');
  return {
    port: address.port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const c of open) c.destroy();
      }),
  };
}
