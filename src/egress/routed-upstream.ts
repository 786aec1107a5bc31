import { connect, type Socket } from 'node:net';
import { UpstreamError, type ConnectUpstream } from './connect-upstream.js';
import { EgressPolicyError } from './egress-policy.js';
import { normalizeHost } from './normalize-host.js';

/** A local service behind a virtual host name, e.g. the LLM gateway's unix socket. */
export type LocalRoute = { readonly socketPath: string } | { readonly port: number };

/**
 * Sends chosen (allow-listed) names to local services instead of the network, so the agent can
 * use plain base URLs such as `http://anthropic.airlock` through the proxy while the gateway
 * behind them holds the keys and terminates TLS. Every other name goes to `fallback`. The
 * allow-list still decides what may be reached; this only decides where it is.
 */
export function routedUpstream(
  routes: Readonly<Record<string, LocalRoute>>,
  fallback: ConnectUpstream,
): ConnectUpstream {
  const table = new Map<string, LocalRoute>();
  for (const [name, route] of Object.entries(routes)) {
    const host = normalizeHost(name);
    if (host.kind !== 'name')
      throw new EgressPolicyError('invalid-host', `route "${name}" must be a host name`);
    table.set(host.host, route);
  }
  return (host, port) => {
    const route = host.kind === 'name' ? table.get(host.host) : undefined;
    if (!route) return fallback(host, port);
    return new Promise<Socket>((resolve, reject) => {
      const socket =
        'socketPath' in route
          ? connect({ path: route.socketPath })
          : connect({ host: '127.0.0.1', port: route.port });
      socket.once('connect', () => {
        socket.removeAllListeners('error');
        resolve(socket);
      });
      socket.once('error', (e) =>
        reject(new UpstreamError('connect-failed', `local route ${host.host}: ${e.message}`)),
      );
    });
  };
}
