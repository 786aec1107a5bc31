import { randomBytes } from 'node:crypto';
import { createServer as createNetServer } from 'node:net';
import type { AuditRecord } from '../../src/audit/audit-record.js';
import { readAuditLog } from '../../src/audit/read-audit-log.js';
import { verifyAuditChain } from '../../src/audit/verify-audit-chain.js';
import type { Database } from '../../src/store/database.js';
import { addRepo } from '../../src/world/github/seed-world.js';
import type { WorldRepo } from '../../src/world/github/world-state.js';
import type { World } from '../../src/world/start-world.js';
import { spawnApp, type AppProcess } from '../app/app-process.js';

// What the delivery fault suites share (delivery-faults.test.ts on PostgreSQL and bodies,
// pglite-kill-faults.test.ts on PGlite): the App as a child process, agent push load, and the
// exactly-once tally of what the world saw.

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
export const AGENT = 'agent-smith[bot]';

export const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createNetServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

export interface Sent {
  repo: WorldRepo;
  sha: string;
}

/** The App as a child process on a fixed port, restartable with the same environment. */
export class AppUnderTest {
  process!: AppProcess;
  constructor(
    private readonly env: Record<string, string>,
    private readonly cwd: string,
  ) {}
  async start(): Promise<void> {
    this.process = spawnApp({ cwd: this.cwd, env: this.env });
    await this.process.line(/listening on port \d+/);
  }
  get pid(): number {
    return this.process.child.pid!;
  }
}

export function worldWithRepos(world: World, names: string[]): WorldRepo[] {
  const config = `agents:\n  - ${AGENT}\nmode: issue\n`;
  return names.map((name) =>
    addRepo(world.state, world.user('acme'), name, {
      'README.md': `# ${name}\n`,
      '.github/airlock.yml': config,
    }),
  );
}

/** `count` agent pushes to protected branches, `concurrency` at a time, spread over `repos`. */
export async function pushLoad(
  world: World,
  repos: WorldRepo[],
  count: number,
  concurrency: number,
  sent: Sent[],
): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < count) {
      const i = next++;
      const repo = repos[i % repos.length]!;
      const push = await world.push({
        repo: `acme/${repo.name}`,
        branch: 'main',
        pusher: AGENT,
        files: { [`agent/${randomBytes(4).toString('hex')}.txt`]: `${i}\n` },
        message: `agent push ${i}`,
      });
      sent.push({ repo, sha: push.sha });
      await sleep(150);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
}

/** How often each push shows up where it must show up exactly once. */
export function tally(world: World, sent: Sent[], audit: AuditRecord[]) {
  return sent.map(({ repo, sha }) => {
    const checks = world.state.checkRuns.filter(
      (r) =>
        r.repoId === repo.id &&
        r.headSha === sha &&
        r.name === 'Airlock' &&
        r.conclusion === 'failure',
    ).length;
    const mention = `\`${sha.slice(0, 12)}\``;
    const listed = world.state.issues
      .filter((i) => i.repoId === repo.id)
      .reduce((n, i) => n + i.body.split(mention).length - 1, 0);
    const blocks = audit.filter(
      (r) => r.kind === 'block' && r.actor === `github:${AGENT}` && r.data.sha === sha,
    ).length;
    const reverts = audit.filter(
      (r) => r.data.concern === 'agent_push_revert' && r.data.sha === sha,
    ).length;
    return { sha, checks, listed, blocks, reverts };
  });
}

export async function readAudit(db: Database): Promise<{ records: AuditRecord[]; ok: boolean }> {
  const records: AuditRecord[] = [];
  const head = await readAuditLog(db, (r) => void records.push(r));
  return { records, ok: verifyAuditChain(records, { head }).ok };
}

/** Waits until every push has its check run and issue entry and the queue is empty, then returns the tally. */
export async function settled(world: World, sent: Sent[], db: () => Promise<Database>, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  let last: ReturnType<typeof tally> = [];
  for (;;) {
    try {
      const handle = await db();
      const { rows } = await handle.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM webhook_queue WHERE state IN ('queued', 'running')`,
      );
      const audit = await readAudit(handle);
      last = tally(world, sent, audit.records);
      if (
        rows[0]!.n === 0 &&
        last.every((t) => t.checks >= 1 && t.listed >= 1 && t.blocks >= 1 && t.reverts >= 1)
      )
        return { tally: last, chainOk: audit.ok };
    } catch {
      // The database is still coming back.
    }
    if (Date.now() > deadline) return { tally: last, chainOk: false };
    await sleep(500);
  }
}

export const exactlyOnce = (t: ReturnType<typeof tally>) =>
  t.filter((x) => x.checks !== 1 || x.listed !== 1 || x.blocks !== 1 || x.reverts !== 1);

export function appEnv(
  world: World,
  port: number,
  database: Record<string, string>,
): Record<string, string> {
  return {
    APP_ID: String(world.state.app.id),
    PRIVATE_KEY_PATH: world.privateKeyPath,
    WEBHOOK_SECRET: world.state.app.webhookSecret,
    GHE_HOST: world.gheHost,
    GHE_PROTOCOL: 'http',
    AIRLOCK_OIDC_ISSUER: world.oidc.issuer,
    AIRLOCK_AUDIENCE: 'airlock',
    PORT: String(port),
    HOST: '127.0.0.1',
    AIRLOCK_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    // Short enough for a test to see takeovers and redeliveries, as a deployment would over minutes.
    AIRLOCK_QUEUE_LEASE_SECONDS: '3',
    AIRLOCK_RECONCILE_SECONDS: '2',
    AIRLOCK_DRAIN_SECONDS: '10',
    LOG_LEVEL: 'error',
    ...database,
  };
}
