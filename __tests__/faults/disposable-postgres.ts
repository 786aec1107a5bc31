import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * A PostgreSQL server of a test's own (scripts/test-postgres.sh starts one per call), which it may
 * kill, freeze and restart without touching the server other suites share.
 */
export interface DisposablePostgres {
  url: string;
  /** A clean shutdown (`pg_ctl stop -m fast`): sessions ended, then connections refused. */
  stop(): Promise<void>;
  /** SIGKILL to the postmaster and every backend: a crash, connections reset. */
  kill(): Promise<void>;
  /** SIGSTOP to all of them: a stall, connections open and silent. */
  freeze(): void;
  /** SIGCONT after `freeze`. */
  thaw(): void;
  /** Starts it again on the same port and data (crash recovery after `kill`), after `stop` too. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

/** The PostgreSQL binaries, as scripts/test-postgres.sh finds them; undefined when there are none. */
export function postgresBinDir(): string | undefined {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  for (const version of readdirSync(root).sort().reverse()) {
    if (existsSync(join(root, version, 'bin', 'initdb'))) return join(root, version, 'bin');
  }
  return undefined;
}

const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
// PostgreSQL refuses to run as root; the script runs it as `postgres` then, and so must we.
const asServerUser = (command: string, args: string[]) =>
  asRoot ? run('runuser', ['-u', 'postgres', '--', command, ...args]) : run(command, args);

/** The server's processes: the postmaster (first line of postmaster.pid) and its children. */
function serverPids(data: string): number[] {
  const postmaster = Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
  const children = readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((pid) => {
      try {
        // /proc/<pid>/stat: "pid (comm) state ppid ..."; comm may hold spaces, so split after ')'.
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === postmaster;
      } catch {
        return false;
      }
    })
    .map(Number);
  return [postmaster, ...children];
}

function signal(pids: number[], name: NodeJS.Signals): void {
  for (const pid of pids) {
    try {
      process.kill(pid, name);
    } catch {
      // gone already
    }
  }
}

export async function startDisposablePostgres(): Promise<DisposablePostgres> {
  const bin = postgresBinDir();
  if (!bin) throw new Error('no PostgreSQL binaries found (set PG_BIN or install postgresql)');
  const { stdout, stderr } = await run('bash', ['scripts/test-postgres.sh'], {
    env: { ...process.env, PG_BIN: bin },
  });
  const url = /AIRLOCK_TEST_DATABASE_URL=(\S+)/.exec(stdout)?.[1];
  const data = /, data (\S+)/.exec(stderr)?.[1];
  if (!url || !data)
    throw new Error(`scripts/test-postgres.sh did not report its server: ${stderr}`);
  const base = dirname(data);
  const port = new URL(url).port;
  // The script turns synchronous_commit off for speed; then a commit the App was told of can be
  // lost with a killed server, and the intent written before a mint must not be. PostgreSQL's
  // default (on) is what a deployment runs, so that is what this server runs.
  const start = () =>
    asServerUser(join(bin, 'pg_ctl'), [
      '-D',
      data,
      '-l',
      join(base, 'server.log'),
      '-w',
      '-t',
      '60',
      '-o',
      `-c listen_addresses=127.0.0.1 -p ${port} -k ${base} -c fsync=off -c full_page_writes=off`,
      'start',
    ]);
  await asServerUser(join(bin, 'pg_ctl'), ['-D', data, '-m', 'fast', '-w', 'stop']);
  await start();
  let frozen: number[] = [];
  const thaw = () => {
    signal(frozen, 'SIGCONT');
    frozen = [];
  };
  return {
    url,
    async stop() {
      await asServerUser(join(bin, 'pg_ctl'), ['-D', data, '-m', 'fast', '-w', 'stop']);
    },
    async kill() {
      const pids = serverPids(data);
      signal(pids, 'SIGKILL');
      // Gone when no process of it is left (the kernel then has reset every connection).
      for (let i = 0; i < 100 && pids.some((pid) => existsSync(`/proc/${pid}`)); i++)
        await new Promise((resolve) => setTimeout(resolve, 50));
    },
    freeze() {
      frozen = serverPids(data);
      signal(frozen, 'SIGSTOP');
    },
    thaw,
    async restart() {
      await start();
    },
    async close() {
      thaw();
      await asServerUser(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', 'stop']).catch(
        () => undefined,
      );
      await rm(base, { recursive: true, force: true });
    },
  };
}
