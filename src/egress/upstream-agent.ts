import { Agent, type ClientRequestArgs } from 'node:http';
import type { Duplex } from 'node:stream';
import { connect as tlsConnect } from 'node:tls';
import type { ConnectUpstream } from './connect-upstream.js';
import type { NormalizedHost } from './normalize-host.js';

/**
 * A keep-alive connection pool to one upstream, whose connections are opened only through the
 * proxy's checked connector (public addresses, listed IP literals) and, for https, wrapped in TLS
 * verified against `ca` with the upstream's own name as SNI and identity. Reusing connections is
 * what keeps an inspected request close to a direct one: a TLS handshake per request would not.
 */
class UpstreamAgent extends Agent {
  constructor(
    private readonly target: { readonly host: NormalizedHost; readonly port: number; readonly tls: boolean },
    private readonly connectUpstream: ConnectUpstream,
    private readonly ca: readonly string[],
  ) {
    super({ keepAlive: true, maxSockets: 32, maxFreeSockets: 8, timeout: 60_000 });
  }

  override createConnection(_options: ClientRequestArgs, callback?: (err: Error | null, stream: Duplex) => void): Duplex | null | undefined {
    const done = callback ?? (() => undefined);
    const { host, port, tls } = this.target;
    this.connectUpstream(host, port).then(
      (socket) => {
        if (!tls) return done(null, socket);
        const secure = tlsConnect({
          socket,
          // Certificate identity is checked against the name (or IP) the request was allowed for.
          host: host.host,
          ...(host.kind === 'name' ? { servername: host.host } : {}),
          ca: [...this.ca],
          rejectUnauthorized: true,
          minVersion: 'TLSv1.2',
          ALPNProtocols: ['http/1.1'],
        });
        secure.once('secureConnect', () => {
          secure.removeAllListeners('error');
          done(null, secure);
        });
        secure.once('error', (e) => {
          socket.destroy();
          done(e, secure);
        });
      },
      (error: Error) => done(error, undefined as unknown as Duplex),
    );
    return undefined;
  }
}

export interface UpstreamAgents {
  agentFor(scheme: 'http' | 'https', host: NormalizedHost, port: number): Agent;
  destroy(): void;
}

/** One pool per scheme, host and port, created on first use. */
export function upstreamAgents(connectUpstream: ConnectUpstream, ca: readonly string[]): UpstreamAgents {
  const agents = new Map<string, UpstreamAgent>();
  return {
    agentFor(scheme, host, port) {
      const key = `${scheme}://${host.host}:${port}`;
      let agent = agents.get(key);
      if (!agent) {
        agent = new UpstreamAgent({ host, port, tls: scheme === 'https' }, connectUpstream, ca);
        agents.set(key, agent);
      }
      return agent;
    },
    destroy() {
      for (const agent of agents.values()) agent.destroy();
      agents.clear();
    },
  };
}
