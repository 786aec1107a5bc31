import { spawn } from 'node:child_process';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** How much of a CGI response may come before its blank line; git's headers are a few lines. */
const HEADER_LIMIT = 16 * 1024;

/** Splits a CGI response head into status and headers (RFC 3875 §6.3: `Status: 200 OK`, then fields). */
function parseCgiHead(head: string): { status: number; headers: Record<string, string> } {
  let status = 200;
  const headers: Record<string, string> = {};
  for (const line of head.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim();
    const value = line.slice(colon + 1).trim();
    if (name.toLowerCase() === 'status') status = Number(value.split(' ')[0]) || 500;
    else headers[name] = value;
  }
  return { status, headers };
}

/**
 * Runs `git http-backend` as a CGI for one request (https://git-scm.com/docs/git-http-backend):
 * the request body streams to its stdin (a gzip body stays compressed: http-backend inflates it
 * itself when HTTP_CONTENT_ENCODING says so), its response head becomes the HTTP status and
 * headers, and the rest streams to `res`. `res` is left open, so the caller can finish work (a
 * push's import) before the client sees the end of the response. Resolves with the exit code.
 */
export function runGitHttpBackend(options: { req: IncomingMessage; res: ServerResponse; env: Record<string, string> }): Promise<{ exitCode: number; stderr: string }> {
  const { req, res } = options;
  return new Promise((resolve) => {
    const child = spawn('git', ['http-backend'], { env: options.env, stdio: ['pipe', 'pipe', 'pipe'] });
    let head = Buffer.alloc(0);
    let headDone = false;
    let stderr = '';
    const write = (chunk: Buffer) => {
      if (chunk.length && !res.write(chunk)) {
        child.stdout.pause();
        res.once('drain', () => child.stdout.resume());
      }
    };
    child.stdout.on('data', (chunk: Buffer) => {
      if (headDone) return write(chunk);
      head = Buffer.concat([head, chunk]);
      const crlf = head.indexOf('\r\n\r\n');
      const lf = head.indexOf('\n\n');
      const end = crlf >= 0 && (lf < 0 || crlf < lf) ? { at: crlf, length: 4 } : lf >= 0 ? { at: lf, length: 2 } : undefined;
      if (!end) {
        if (head.length > HEADER_LIMIT) child.kill();
        return;
      }
      headDone = true;
      const { status, headers } = parseCgiHead(head.subarray(0, end.at).toString('latin1'));
      res.writeHead(status, headers);
      write(head.subarray(end.at + end.length));
    });
    child.stderr.on('data', (chunk: Buffer) => { stderr = (stderr + chunk.toString('utf8')).slice(-4000); });
    child.stdin.on('error', () => undefined); // the backend may stop reading early; its exit says how it went
    req.pipe(child.stdin);
    let settled = false;
    const finish = (code: number) => {
      if (settled) return;
      settled = true;
      if (!headDone && !res.headersSent) {
        res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
        res.write('local world: git http-backend gave no response\n');
      }
      resolve({ exitCode: code, stderr });
    };
    child.on('error', (error) => {
      stderr += String(error);
      finish(-1);
    });
    child.on('close', (code) => finish(code ?? -1));
  });
}
