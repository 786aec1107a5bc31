import { lookup } from 'node:dns/promises';
import { connect, type Socket } from 'node:net';
import { isPublicAddress } from './address-class.js';
import type { NormalizedHost } from './normalize-host.js';

export class UpstreamError extends Error {
  override readonly name = 'UpstreamError';
  constructor(
    readonly code: 'non-public-address' | 'resolve-failed' | 'connect-failed',
    message: string,
  ) {
    super(message);
  }
}

/** Opens the TCP connection to an allowed destination; the proxy's only way out. */
export type ConnectUpstream = (host: NormalizedHost, port: number) => Promise<Socket>;

export type ResolveHost = (name: string) => Promise<readonly string[]>;

const systemResolve: ResolveHost = async (name) =>
  (await lookup(name, { all: true, verbatim: true })).map((a) => a.address);

function open(address: string, port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: address, port });
    socket.once('connect', () => {
      socket.removeAllListeners('error');
      resolve(socket);
    });
    socket.once('error', (e) =>
      reject(new UpstreamError('connect-failed', `connect ${address}:${port}: ${e.message}`)),
    );
  });
}

/**
 * Default upstream connector. The name is resolved here, on the host (the sandbox has no DNS),
 * and only public unicast addresses are used, so DNS cannot steer an allowed name at metadata
 * endpoints or the runner's own services. IP literals reach this point only when the policy
 * lists them explicitly, so they are used as given.
 */
export function connectPublicUpstream(resolve: ResolveHost = systemResolve): ConnectUpstream {
  return async (host, port) => {
    if (host.kind !== 'name') return open(host.host, port);
    let addresses: readonly string[];
    try {
      addresses = await resolve(host.host);
    } catch (e) {
      throw new UpstreamError('resolve-failed', `resolve ${host.host}: ${(e as Error).message}`);
    }
    const usable = addresses.filter(isPublicAddress);
    if (usable.length === 0)
      throw new UpstreamError('non-public-address', `${host.host} resolves to no public address`);
    return open(usable[0]!, port);
  };
}
