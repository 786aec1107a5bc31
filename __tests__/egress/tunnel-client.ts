import { request, type IncomingHttpHeaders } from 'node:http';
import { connect, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';

export interface TunnelResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** Opens a CONNECT tunnel through the proxy's unix socket, as an HTTPS_PROXY client does; rejects with the proxy's status line when refused. */
export function openTunnel(socketPath: string, authority: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ path: socketPath });
    let head = '';
    const onData = (c: Buffer) => {
      head += c.toString('latin1');
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) return;
      socket.off('data', onData);
      const status = head.split(' ')[1];
      if (status !== '200') {
        socket.destroy();
        return reject(new Error(head.split('\r\n')[0]));
      }
      socket.pause();
      resolve(socket);
    };
    socket.on('data', onData);
    socket.once('error', reject);
    socket.write(`CONNECT ${authority} HTTP/1.1\r\nhost: ${authority}\r\n\r\n`);
  });
}

/**
 * One HTTPS request through a CONNECT tunnel, trusting `ca` (the run's CA for terminated tunnels,
 * the upstream's own for opaque ones). `servername` defaults to the host.
 */
export async function viaTunnel(
  socketPath: string,
  host: string,
  port: number,
  ca: string,
  options: { method?: string; path?: string; headers?: Record<string, string>; body?: string; servername?: string; hostHeader?: string } = {},
): Promise<TunnelResponse> {
  const tunnel = await openTunnel(socketPath, `${host}:${port}`);
  return new Promise((resolve, reject) => {
    const secure = tlsConnect({ socket: tunnel, host, servername: options.servername ?? host, ca, ALPNProtocols: ['http/1.1'] });
    secure.once('error', reject);
    const req = request(
      {
        createConnection: () => secure,
        method: options.method ?? 'GET',
        path: options.path ?? '/',
        headers: { host: options.hostHeader ?? (port === 443 ? host : `${host}:${port}`), ...options.headers },
      },
      (res) => {
        const parts: Buffer[] = [];
        res.on('data', (c: Buffer) => parts.push(c));
        res.on('end', () => {
          secure.destroy();
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(parts).toString('utf8') });
        });
      },
    );
    req.once('error', reject);
    req.end(options.body);
  });
}
