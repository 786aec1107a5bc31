import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { decodeJwt } from 'jose';
import { startStack, type Stack } from '../../src/demo/start-stack.js';
import { EVENTS_PATH } from '../../src/telemetry/run-event-sink.js';
import type { ContainmentAnswer, RunEvent, RunEventBatch } from '../../src/telemetry/run-event.js';
import { runAction, type ActionRun } from '../../src/world/runner-harness.js';
import { MAIN, POST } from '../support/dist-paths.js';

/*
 * Run telemetry through the Action (issue 19 item 1), against the world: the App serves the
 * broker as ever, and a small events endpoint in front of it answers POST /airlock/v1/events
 * with a ContainmentAnswer (the App's own endpoint is tested in app/). The sandboxed agent holds
 * a placeholder for its GitHub token, which the proxy resolves; it tries a refused host; the
 * endpoint answers that batch with `revoked: true`; from then on the same request is refused
 * (revoked-by-containment).
 */
const REFUSED = 'refused.example.test';

let stack: Stack;
let front: Server;
let frontUrl = '';
let batches: { authorization: string; batch: RunEventBatch }[] = [];

const quiet: ContainmentAnswer = { accepted: 0, duplicate: false, containment: { revoked: false, suspended: false, actions: [], reasons: [] } };
const refusedHostSeen = (events: readonly RunEvent[]) => events.some((e) => e.kind === 'egress' && e.decision === 'deny' && e.host === REFUSED);

beforeAll(async () => {
  stack = await startStack();
  const app = new URL(stack.app.url);
  // Everything but the events endpoint goes to the App as it came.
  front = createServer((req, res) => {
    if (req.method === 'POST' && req.url === EVENTS_PATH) {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const batch = JSON.parse(Buffer.concat(chunks).toString('utf8')) as RunEventBatch;
        batches.push({ authorization: req.headers.authorization ?? '', batch });
        const revoke = batches.some((b) => refusedHostSeen(b.batch.events));
        const answer: ContainmentAnswer = revoke
          ? { accepted: batch.events.length, duplicate: false, containment: { revoked: true, suspended: true, actions: ['revoke', 'suspend'], reasons: ['a refused host'] } }
          : { ...quiet, accepted: batch.events.length };
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
      });
      return;
    }
    const upstream = request({ host: app.hostname, port: app.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => front.listen(0, '127.0.0.1', resolve));
  frontUrl = `http://127.0.0.1:${(front.address() as AddressInfo).port}`;
});
afterAll(async () => {
  front.closeAllConnections();
  await new Promise<void>((resolve) => front.close(() => resolve()));
  await stack.close();
});

const agent = `set -u
api="$GITHUB_API_URL/repos/acme/widgets/contents/README.md"
echo "BEFORE=$(curl -sS -o /dev/null -w '%{http_code}' -H "authorization: token $GH_TOKEN" "$api")"
curl -sS -o /dev/null --max-time 10 "https://${REFUSED}/" 2>/dev/null || echo "REFUSED_HOST_FAILED"
for i in $(seq 1 120); do
  code=$(curl -sS -o "$HOME/answer" -w '%{http_code}' -H "authorization: token $GH_TOKEN" "$api")
  if [ "$code" != 200 ]; then echo "AFTER=$code $(cat "$HOME/answer")"; break; fi
  sleep 0.25
done
`;

function run(inputs: Record<string, string>): Promise<ActionRun> {
  return runAction({ mainPath: MAIN, postPath: POST, inputs: { 'broker-url': frontUrl, permissions: 'contents: read', attest: 'false', ...inputs }, env: stack.jobEnv() });
}

describe('run telemetry from the Action', () => {
  let result: ActionRun;
  let issued: string[];
  beforeAll(async () => {
    batches = [];
    const before = stack.world.state.issuedTokens.length;
    result = await run({ run: agent });
    issued = stack.world.state.issuedTokens.slice(before);
  });

  it("posts the agent's refused host as an egress deny event, in batches numbered from 1, each with a fresh OIDC token", () => {
    expect(result.main.log).toContain('REFUSED_HOST_FAILED');
    const events = batches.flatMap((b) => b.batch.events);
    expect(events).toContainEqual(expect.objectContaining({ kind: 'egress', decision: 'deny', host: REFUSED, method: 'CONNECT', reason: 'host-not-allowed' }));
    expect(batches.map((b) => b.batch.seq)).toEqual(batches.map((_, i) => i + 1));
    expect(batches.every((b) => b.batch.identity === 'agent')).toBe(true);
    const jtis = batches.map((b) => decodeJwt(b.authorization.replace(/^Bearer /, '')).jti);
    expect(new Set(jtis).size).toBe(batches.length);
    // The resolved requests before the revocation are there too, and the agent's exit at the end.
    expect(events).toContainEqual(expect.objectContaining({ kind: 'resolution', credential: 'github-token' }));
    expect(events).toContainEqual(expect.objectContaining({ kind: 'sandbox_exit', backend: 'bwrap', exitCode: 0 }));
  });

  it('a placeholder resolved before the revocation is refused after it (revoked-by-containment)', () => {
    expect(result.main.log).toContain('BEFORE=200');
    expect(result.main.log).toMatch(/AFTER=403 airlock egress: revoked-by-containment/);
    expect(result.main.annotations).toContainEqual(expect.objectContaining({ level: 'warning', message: expect.stringMatching(/containment revoked this run's credentials .*revoked-by-containment/) }));
    expect(result.main.annotations).toContainEqual(expect.objectContaining({ level: 'warning', message: expect.stringMatching(/suspended the identity agent/) }));
    expect(result.summary).toContain('credentials revoked by the App');
    expect(result.summary).toContain('suspended by the App');
    expect(batches.flatMap((b) => b.batch.events)).toContainEqual(expect.objectContaining({ kind: 'egress', decision: 'deny', reason: 'revoked-by-containment' }));
  });

  it('no batch carries a credential', () => {
    expect(issued.length).toBeGreaterThan(0);
    const text = JSON.stringify(batches);
    for (const token of issued) expect(text).not.toContain(token);
    expect(text).not.toContain('/repos/acme/widgets');
  });

  it('prints no OIDC token: the tokens asked while the agent runs are never masked by a command the fence would print', () => {
    for (const { authorization } of batches) expect(result.rawOutput).not.toContain(authorization.replace(/^Bearer /, ''));
    // Under the agent's fence no command is read: a mask issued there would print the token.
    const fence = /::stop-commands::([0-9a-f]+)\n/.exec(result.rawOutput)!;
    const fenced = result.rawOutput.slice(fence.index, result.rawOutput.indexOf(`::${fence[1]}::`));
    expect(fenced).toContain('REFUSED_HOST_FAILED');
    expect(fenced).not.toContain('::add-mask::');
  });

  it('telemetry: false sends nothing; a bad value is a one-line error naming the input', async () => {
    batches = [];
    const off = await run({ run: 'true', telemetry: 'false' });
    expect(off.main.exitCode).toBe(0);
    expect(batches).toEqual([]);
    const bad = await run({ run: 'true', telemetry: 'yes' });
    expect(bad.main.exitCode).not.toBe(0);
    expect(bad.main.annotations.find((a) => a.level === 'error')?.message).toMatch(/^Airlock: input "telemetry" must be true or false \(default true\)[^\n]*$/);
  });
});
