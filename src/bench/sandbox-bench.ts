import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CliCommand, CliIo } from '../cli/cli-io.js';
import { CliError, numberOption, runCommand, type ParsedValues } from '../cli/parse-command-args.js';
import { DEFAULT_EGRESS_LIMITS } from '../egress/egress-policy.js';
import { startEgressProxy } from '../egress/egress-proxy.js';
import { runSandboxed } from '../sandbox/run-sandboxed.js';
import { measureContainerStart } from './container-start-bench.js';
import { measureProxyThroughput } from './proxy-throughput-bench.js';
import { measureTerminatedTls } from './terminated-tls-bench.js';
import { measureResign } from './resign-bench.js';
import { CONTAINER_ENGINE_CHOICES, type ContainerEngineChoice } from '../sandbox/container-options.js';

/*
 * `npm run bench -- sandbox [--runs N] [--requests N] [--mb N]`: one JSON object.
 * - start: median wall time of `true` in the bubblewrap sandbox (probe cached, as after the
 *   first run) against a plain `bash -c true`: without egress, with the default egress bridge
 *   (perl when present) and with the node bridge.
 * - container: the same for `sandbox: container` (container-start-bench.ts), beside the engine's
 *   own costs, in an image named with --image or one built from this host's bash and perl.
 * - latency: sequential keep-alive GETs of a small body from a loopback upstream: direct, through
 *   the proxy's unix socket from the host, and from inside the sandbox through the bridge.
 * - throughput: one large download and repeated 4 MiB prompt-like uploads through the proxy
 *   against direct; uploads once without and once with DLP on (proxy-throughput-bench.ts).
 * - terminatedTls: TLS to a host a credential is bound to, terminated by the proxy with the run's
 *   CA (placeholder resolved, answer scrubbed), against the same HTTPS client going direct.
 * - resign: an AWS request checked and signed again with the real session (resign-bench.ts),
 *   against plain resolution through the same tunnel, and the proxy's own re-signing work.
 * The same client program (run with `node -e`) measures every path, so client costs cancel out.
 */

const CLIENT = String.raw`
const http=require('http');
const [mode,target,url,n]=process.argv.slice(1);
const [kind,a,b]=target.split('|');
const agent=new http.Agent({keepAlive:true,maxSockets:1});
const base=kind==='unix'?{socketPath:a}:{host:a,port:Number(b)};
const one=(method,path,body)=>new Promise((res,rej)=>{const t=process.hrtime.bigint();const r=http.request({...base,agent,method,path,headers:{host:new URL(url).host}},(s)=>{let n=0;s.on('data',(c)=>n+=c.length);s.on('end',()=>res([Number(process.hrtime.bigint()-t)/1e6,n]));});r.on('error',rej);r.end(body);});
(async()=>{
  const path=mode==='proxy'?url:new URL(url).pathname+new URL(url).search;
  const out=[];for(let i=0;i<Number(n);i++)out.push((await one('GET',path))[0]);console.log(JSON.stringify(out));
  agent.destroy();
})().catch((e)=>{console.error(e.message);process.exit(1);});
`;

// The upstream runs in its own process so the proxy (in this one) does not share an event loop with it.
const UPSTREAM = String.raw`
const big=Buffer.alloc(Number(process.argv[1])*1024*1024,97);
const srv=require('http').createServer((req,res)=>{req.resume();req.on('end',()=>res.end(req.url.startsWith('/big')?big:'ok'));});
srv.listen(0,'127.0.0.1',()=>console.log(srv.address().port));
`;

const SANDBOX_BENCH = {
  name: 'bench sandbox',
  help: {
    usage: ['airlock bench sandbox [--runs N] [--requests N] [--mb N] [--image REF] [--engine auto|docker|podman]'],
    about: 'Sandbox start-up (bubblewrap and container), requests through the egress proxy and transfers through terminated TLS, beside direct ones. Needs bubblewrap, and Docker or Podman for the container figures. One JSON document on stdout.',
    options: [
      ['--runs N', 'sandbox starts measured (default 30)'],
      ['--requests N', 'proxied requests measured (default 2000)'],
      ['--mb N', 'MiB per transfer (default 64)'],
      ['--image REF', 'image for the container figures (default: one built from this host\'s bash and perl)'],
      ['--engine NAME', 'container engine: auto (default), docker or podman'],
    ],
    exit: { 0: 'measured', 2: 'usage error' },
  },
  options: { runs: { type: 'string' }, requests: { type: 'string' }, mb: { type: 'string' }, image: { type: 'string' }, engine: { type: 'string' } },
} as const;

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((x, y) => x - y);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
};
const round = (x: number, d = 3) => Number(x.toFixed(d));

/** A client's latencies (one JSON array on its stdout); anything else fails the bench saying what came back. */
function samplesOf(client: string, stdout: string, stderr = ''): number[] {
  try {
    const samples = JSON.parse(stdout) as unknown;
    if (Array.isArray(samples) && samples.every((x) => typeof x === 'number')) return samples as number[];
  } catch {
    // reported below, with what the client printed
  }
  throw new Error(`${client} did not print its latencies as a JSON array; stdout: ${JSON.stringify(stdout.slice(0, 300))}, stderr: ${JSON.stringify(stderr.slice(0, 300))}`);
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t) / 1e6;
}

function plainExec(): Promise<void> {
  return new Promise((resolve, reject) => {
    const c = spawn('bash', ['--noprofile', '--norc', '-c', 'true'], { stdio: 'ignore' });
    c.on('error', reject);
    c.on('close', () => resolve());
  });
}

const TRANSFER_REPEATS = 3;

function hostClient(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const c = spawn(process.execPath, ['-e', CLIENT, ...args], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: process.env,
    });
    let out = '';
    c.stdout.on('data', (d: Buffer) => (out += d.toString()));
    c.on('error', reject);
    c.on('close', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`bench client exited ${code}`)),
    );
  });
}

export const sandboxBench: CliCommand = (argv, io) => runCommand(SANDBOX_BENCH, argv, io, ({ values }) => measureSandbox(values, io));

async function measureSandbox(values: ParsedValues<typeof SANDBOX_BENCH.options>, io: CliIo): Promise<number> {
  const runs = numberOption('--runs', values.runs, 30, { integer: true, min: 1 });
  const requests = numberOption('--requests', values.requests, 2000, { integer: true, min: 1 });
  const mb = numberOption('--mb', values.mb, 64, { integer: true, min: 1 });
  const engine = (values.engine ?? 'auto') as ContainerEngineChoice;
  if (!CONTAINER_ENGINE_CHOICES.includes(engine)) throw new CliError('usage', `--engine must be ${CONTAINER_ENGINE_CHOICES.join(', ')}, not ${JSON.stringify(values.engine)}`);
  const scratch = await mkdtemp(join(tmpdir(), 'airlock-bench-'));
  const workspace = join(scratch, 'ws');
  spawnSync('mkdir', [workspace]);

  const upstream = spawn(process.execPath, ['-e', UPSTREAM, String(mb)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    upstream.stdout.once('data', (d: Buffer) => resolve(Number(d.toString().trim())));
    upstream.once('error', reject);
  });

  const proxy = await startEgressProxy({
    policy: {
      ...DEFAULT_EGRESS_LIMITS,
      hosts: [{ host: 'upstream.test', ports: [80] }],
      maxRequestBodyBytes: 16 * 1024 * 1024,
      requestsPerMinute: 1_000_000,
      burst: 1_000_000,
    },
    socketPath: join(scratch, 'egress.sock'),
    onLog: () => undefined,
    connectUpstream: (_host, _port) =>
      new Promise((resolve, reject) => {
        const s = connect({ host: '127.0.0.1', port });
        s.once('connect', () => resolve(s));
        s.once('error', reject);
      }),
  });

  try {
    // Start overhead.
    const firstRunMs = await timed(() =>
      runSandboxed({
        command: 'true',
        workspace,
        env: {},
        backend: 'bwrap',
        onOutput: () => undefined,
      }),
    );
    const plain: number[] = [];
    const sandboxed: number[] = [];
    const bridged: number[] = [];
    const nodeBridged: number[] = [];
    for (let i = 0; i < runs; i++) {
      plain.push(await timed(plainExec));
      sandboxed.push(
        await timed(() =>
          runSandboxed({
            command: 'true',
            workspace,
            env: {},
            backend: 'bwrap',
            onOutput: () => undefined,
          }),
        ),
      );
      bridged.push(
        await timed(() =>
          runSandboxed({
            command: 'true',
            workspace,
            env: {},
            backend: 'bwrap',
            egress: { socketPath: proxy.socketPath },
            onOutput: () => undefined,
          }),
        ),
      );
      nodeBridged.push(
        await timed(() =>
          runSandboxed({
            command: 'true',
            workspace,
            env: {},
            backend: 'bwrap',
            egress: { socketPath: proxy.socketPath },
            bridge: 'node',
            onOutput: () => undefined,
          }),
        ),
      );
    }

    // Latency.
    const url = 'http://upstream.test/small';
    const direct = samplesOf('the direct client', await hostClient(['direct', `tcp|127.0.0.1|${port}`, url, String(requests)]));
    const viaProxy = samplesOf('the proxied client', await hostClient(['proxy', `unix|${proxy.socketPath}`, url, String(requests)]));
    let bridgeOut = '';
    let bridgeErr = '';
    await runSandboxed({
      command: `node -e "$AIRLOCK_BENCH_CLIENT" proxy 'tcp|127.0.0.1|3128' ${url} ${requests}`,
      workspace,
      env: { AIRLOCK_BENCH_CLIENT: CLIENT, PATH: '/usr/local/bin:/usr/bin:/bin' },
      backend: 'bwrap',
      egress: { socketPath: proxy.socketPath },
      onOutput: (s, c) => {
        if (s === 'stdout') bridgeOut += c.toString();
        else bridgeErr += c.toString();
      },
    });
    const viaBridge = samplesOf('the sandboxed client', bridgeOut, bridgeErr);

    // Throughput (download, then uploads without and with DLP), beside direct.
    const throughput = await measureProxyThroughput({ scratch, mb, repeats: TRANSFER_REPEATS });

    // Unavailable engine or image: reported in the document, the other figures still measured.
    const container = await measureContainerStart({ runs, workspace, egressSocket: proxy.socketPath, engine, ...(values.image ? { image: values.image } : {}), plainMedianMs: quantile(plain, 0.5) }).catch((error: unknown) => ({ unavailable: (error as Error).message }));

    const terminatedTls = await measureTerminatedTls({ scratch, requests: Math.min(requests, 1000), mb, repeats: TRANSFER_REPEATS });
    const resign = await measureResign({ scratch, requests: Math.min(requests, 1000), repeats: 10 });

    const startOverheadMs = quantile(sandboxed, 0.5) - quantile(plain, 0.5);
    const bridgeOverheadMs = quantile(bridged, 0.5) - quantile(plain, 0.5);
    const addedP50Ms = quantile(viaProxy, 0.5) - quantile(direct, 0.5);
    const bridgeAddedP50Ms = quantile(viaBridge, 0.5) - quantile(direct, 0.5);
    const result = {
      bench: 'sandbox',
      node: process.version,
      bwrap: spawnSync('bwrap', ['--version'], { encoding: 'utf8' }).stdout.trim(),
      cpus: cpus().length,
      loadavg: loadavg().map((x) => round(x, 2)),
      start: {
        runs,
        firstRunMs: round(firstRunMs, 1),
        plainExecMedianMs: round(quantile(plain, 0.5), 1),
        sandboxMedianMs: round(quantile(sandboxed, 0.5), 1),
        sandboxWithBridgeMedianMs: round(quantile(bridged, 0.5), 1),
        overheadMs: round(startOverheadMs, 1),
        overheadWithBridgeMs: round(bridgeOverheadMs, 1),
        sandboxWithNodeBridgeMedianMs: round(quantile(nodeBridged, 0.5), 1),
        overheadWithNodeBridgeMs: round(quantile(nodeBridged, 0.5) - quantile(plain, 0.5), 1),
      },
      latency: {
        requests,
        directP50Ms: round(quantile(direct, 0.5)),
        directP99Ms: round(quantile(direct, 0.99)),
        proxyP50Ms: round(quantile(viaProxy, 0.5)),
        proxyP99Ms: round(quantile(viaProxy, 0.99)),
        bridgeP50Ms: round(quantile(viaBridge, 0.5)),
        bridgeP99Ms: round(quantile(viaBridge, 0.99)),
        addedP50Ms: round(addedP50Ms),
        addedP99Ms: round(quantile(viaProxy, 0.99) - quantile(direct, 0.99)),
        bridgeAddedP50Ms: round(bridgeAddedP50Ms),
        bridgeAddedP99Ms: round(quantile(viaBridge, 0.99) - quantile(direct, 0.99)),
      },
      throughput,
      container,
      terminatedTls,
      resign,
      targets: { startOverheadMs: 150, containerStartOverheadMs: 1500, addedP50Ms: 2, throughputRatio: 0.7, resignAddedP50Ms: 1 },
      met: {
        startOverhead: startOverheadMs <= 150,
        startOverheadWithBridge: bridgeOverheadMs <= 150,
        containerStartOverhead: 'overheadWithRelayMs' in container && container.overheadWithRelayMs <= 1500,
        addedP50: addedP50Ms <= 2,
        bridgeAddedP50: bridgeAddedP50Ms <= 2,
        downloadThroughput: throughput.meets_targets.download,
        uploadThroughput: throughput.meets_targets.upload,
        uploadThroughputDlp: throughput.meets_targets.uploadDlp,
        terminatedTlsAddedP50: terminatedTls.addedP50Ms <= 2,
        terminatedTlsThroughput: terminatedTls.downloadRatio >= 0.7,
        // The proxy's own work per request (the end-to-end difference is reported beside it, noisier).
        resignAddedP50: resign.resignWorkP50Ms <= 1,
      },
    };
    io.stdout(JSON.stringify(result) + '\n');
    return 0;
  } finally {
    await proxy.close();
    upstream.kill('SIGKILL');
    await rm(scratch, { recursive: true, force: true });
  }
}
