import { spawn } from 'node:child_process';
import { get } from 'node:http';
import { connect } from 'node:net';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_EGRESS_LIMITS } from '../egress/egress-policy.js';
import { startEgressProxy, type EgressProxy } from '../egress/egress-proxy.js';

/*
 * Proxy throughput against direct (issue 16 item 4): one large download, and repeated 4 MiB
 * prompt-like uploads, through the egress proxy's unix socket and straight to the upstream, with
 * the same client program. Uploads go once through a proxy without DLP and once through one with
 * the run's protected values set, so every body runs through the byte-level streaming scanner.
 * The upstream counts its TCP connections: proxied requests reuse one keep-alive connection.
 */

// argv: target (tcp|host|port or unix|path), url, n, what (down or up<bytes>). The client starts,
// prints "ready" and waits for a line on stdin, so neither its start-up nor the spawn is measured
// (a fork of the bench process costs it tens of ms of CPU); it reports its own CPU over the transfers.
const CLIENT = String.raw`
const http=require('http');
const [target,url,n,what]=process.argv.slice(1);
const [kind,a,b]=target.split('|');
const agent=new http.Agent({keepAlive:true,maxSockets:1});
const base=kind==='unix'?{socketPath:a}:{host:a,port:Number(b)};
const path=kind==='unix'?url:new URL(url).pathname;
const one=(method,body)=>new Promise((res,rej)=>{const r=http.request({...base,agent,method,path,headers:{host:new URL(url).host}},(s)=>{let got=0;s.on('data',(c)=>got+=c.length);s.on('end',()=>s.statusCode===200?res(got):rej(new Error('status '+s.statusCode+' '+(s.headers['x-airlock-egress']||''))));});r.on('error',rej);r.end(body);});
let body;
if(what.startsWith('up')){const size=Number(what.slice(2)),line=process.env.AIRLOCK_BENCH_LINE;body=Buffer.from(line.repeat(Math.ceil(size/line.length)).slice(0,size));}
process.stdin.once('data',async()=>{
  let bytes=0;
  const t=process.hrtime.bigint(),c=process.cpuUsage();
  for(let i=0;i<Number(n);i++){if(body){await one('POST',body);bytes+=body.length;}else bytes+=await one('GET');}
  const used=process.cpuUsage(c);
  console.log(JSON.stringify({ms:Number(process.hrtime.bigint()-t)/1e6,bytes,cpuMs:(used.user+used.system)/1000}));
  agent.destroy();
  process.exit(0);
});
console.log('ready');
`;

// In its own process, so the proxy does not share an event loop with it; /connections counts TCP
// connections (its own and /cpu's not included), /cpu answers the CPU it has used (ms).
const UPSTREAM = String.raw`
const big=Buffer.alloc(Number(process.argv[1])*1024*1024,97);
let connections=0;
const srv=require('http').createServer((req,res)=>{req.resume();req.on('end',()=>{
  if(req.url.startsWith('/cpu')||req.url.startsWith('/connections'))connections--;
  if(req.url.startsWith('/cpu')){const c=process.cpuUsage();return res.end(String((c.user+c.system)/1000));}
  res.end(req.url.startsWith('/big')?big:req.url.startsWith('/connections')?String(connections):'ok');
});});
srv.on('connection',()=>connections++);
srv.listen(0,'127.0.0.1',()=>console.log(srv.address().port));
`;

/** Prompt-like JSON text repeated into upload bodies: what the scanner sees on the LLM path, with no secret in it. */
const PROMPT_LINE =
  JSON.stringify({
    role: 'user',
    content:
      'Refactor the function parseConfig in src/config.ts so that it validates every field and returns a typed error; keep the tests green. ',
  }) + '\n';

const UPLOAD_BYTES = 4 * 1024 * 1024;

/** CPU per MiB moved (ms) of each process on a path: the client, the proxy (proxied paths only), the upstream. */
export interface CpuSplit {
  client: number;
  proxy?: number;
  upstream: number;
}

export interface ProxyThroughputResult {
  repeats: number;
  downloadMB: number;
  downloadDirectMBps: number;
  downloadProxyMBps: number;
  downloadRatio: number;
  uploadMB: number;
  uploadDirectMBps: number;
  uploadProxyMBps: number;
  uploadProxyDlpMBps: number;
  uploadRatio: number;
  uploadDlpRatio: number;
  /** CPU the proxy process spent per MiB moved on each path (ms), from the client's first byte to its last. */
  proxyCpuMsPerMB: { download: number; upload: number; uploadDlp: number };
  /** Every process' CPU per MiB on each path, direct and proxied (the uploads' direct path is shared). */
  cpuMsPerMB: { download: { direct: CpuSplit; proxied: CpuSplit }; upload: { direct: CpuSplit; proxied: CpuSplit }; uploadDlp: { direct: CpuSplit; proxied: CpuSplit } };
  /**
   * The ratio each CPU split allows. `sharedCpu`: when CPU time alone limits (cores busy with other
   * work), direct CPU per MiB over proxied (the proxy adds a third process to pay for). `freeCores`:
   * on this machine's cores left free, where a path moves at most one core's worth through its
   * busiest process and all cores' worth through all of its processes. On a machine loaded by
   * other work the measured ratios also carry each hand-off's wait for a core, which these leave out.
   */
  ratioBounds: { cores: number; sharedCpu: Ratios; freeCores: Ratios };
  /** Upstream TCP connections opened by the proxies over every proxied transfer above. */
  upstreamConnections: number;
  proxiedRequests: number;
  targets: { throughputRatio: number };
  meets_targets: { download: boolean; upload: boolean; uploadDlp: boolean };
}

interface Ratios {
  download: number;
  upload: number;
  uploadDlp: number;
}

/** One client run: its MiB/s, and each process' CPU over the transfers (ms). */
interface Transfer {
  mb: number;
  mbps: number;
  clientMs: number;
  proxyMs: number;
  upstreamMs: number;
}

/** A GET on a fresh connection (the upstream leaves these out of its connection count). */
function upstreamGet(port: number, path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    get({ host: '127.0.0.1', port, path, agent: false }, (r) => {
      let s = '';
      r.setEncoding('utf8');
      r.on('data', (d: string) => (s += d));
      r.on('end', () => resolve(s));
    }).on('error', reject);
  });
}

/**
 * Runs the client once: started, then told to go, so the CPU figures cover the transfers alone.
 * The proxy's CPU is this process' (the proxies run here and nothing else does meanwhile).
 */
function transfer(port: number, args: string[]): Promise<Transfer> {
  return new Promise((resolve, reject) => {
    const c = spawn(process.execPath, ['-e', CLIENT, ...args], { stdio: ['pipe', 'pipe', 'inherit'], env: { ...process.env, AIRLOCK_BENCH_LINE: PROMPT_LINE } });
    let out = '';
    let proxyBefore: NodeJS.CpuUsage | undefined;
    let upstreamBefore = 0;
    let result: Transfer | undefined;
    let exit: number | null | undefined;
    // The client exits as soon as it has printed; the upstream's CPU is asked after that.
    const settle = () => {
      if (exit === undefined || (exit === 0 && !result)) return;
      if (exit !== 0 || !result) return reject(new Error(`bench client exited ${exit}${out ? `: ${out.trim()}` : ''}`));
      resolve(result);
    };
    const fail = (e: Error) => {
      c.kill('SIGKILL');
      reject(e);
    };
    c.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (!proxyBefore && out === 'ready\n') {
        out = '';
        void upstreamGet(port, '/cpu').then((u) => {
          upstreamBefore = Number(u);
          proxyBefore = process.cpuUsage();
          c.stdin.write('go\n');
        }, fail);
      } else if (proxyBefore && out.endsWith('\n')) {
        const proxy = process.cpuUsage(proxyBefore);
        let r: { ms: number; bytes: number; cpuMs: number };
        try {
          r = JSON.parse(out) as typeof r;
        } catch {
          return fail(new Error(`bench client printed ${JSON.stringify(out)}, not its result`));
        }
        void upstreamGet(port, '/cpu').then((u) => {
          const mb = r.bytes / 1024 / 1024;
          result = { mb, mbps: mb / (r.ms / 1000), clientMs: r.cpuMs, proxyMs: (proxy.user + proxy.system) / 1000, upstreamMs: Number(u) - upstreamBefore };
          settle();
        }, fail);
      }
    });
    c.on('error', reject);
    c.on('close', (code) => {
      exit = code;
      settle();
    });
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const round = (x: number, d = 3) => Number(x.toFixed(d));

/** CPU per MiB over every run of one path. */
function split(runs: readonly Transfer[], proxied: boolean): CpuSplit {
  const mb = runs.reduce((n, r) => n + r.mb, 0);
  const per = (pick: (r: Transfer) => number) => round(runs.reduce((n, r) => n + pick(r), 0) / mb, 2);
  return { client: per((r) => r.clientMs), ...(proxied ? { proxy: per((r) => r.proxyMs) } : {}), upstream: per((r) => r.upstreamMs) };
}

const costs = (s: CpuSplit) => [s.client, s.proxy ?? 0, s.upstream];
const sharedCpu = (direct: CpuSplit, proxied: CpuSplit) => round(costs(direct).reduce((a, b) => a + b) / costs(proxied).reduce((a, b) => a + b));
const freeCores = (direct: CpuSplit, proxied: CpuSplit, cores: number) => {
  // MiB/s at most: 1000 ms of one core through the busiest process, `cores` of them through all.
  const most = (s: CpuSplit) => Math.min(1000 / Math.max(...costs(s)), (cores * 1000) / costs(s).reduce((a, b) => a + b));
  return round(most(proxied) / most(direct));
};

/** `scratch`: a private directory for the proxies' sockets; `mb`: MiB per transfer; `repeats`: interleaved rounds (median). */
export async function measureProxyThroughput(options: { scratch: string; mb: number; repeats: number }): Promise<ProxyThroughputResult> {
  const { scratch, mb, repeats } = options;
  const upstream = spawn(process.execPath, ['-e', UPSTREAM, String(mb)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const proxies: EgressProxy[] = [];
  try {
    const port = await new Promise<number>((resolve, reject) => {
      upstream.stdout.once('data', (d: Buffer) => resolve(Number(d.toString().trim())));
      upstream.once('error', reject);
    });
    const start = (name: string, dlp: boolean) =>
      startEgressProxy({
        policy: { ...DEFAULT_EGRESS_LIMITS, hosts: [{ host: 'upstream.test', ports: [80] }], maxRequestBodyBytes: 16 * 1024 * 1024, requestsPerMinute: 1_000_000, burst: 1_000_000 },
        socketPath: join(scratch, name),
        onLog: () => undefined,
        ...(dlp ? { protectedValues: () => [{ value: 'bench-protected-value-0123456789', label: 'bench' }] } : {}),
        connectUpstream: () =>
          new Promise((resolve, reject) => {
            const s = connect({ host: '127.0.0.1', port });
            s.once('connect', () => resolve(s));
            s.once('error', reject);
          }),
      });
    const plain = await start('plain.sock', false);
    proxies.push(plain);
    const scanned = await start('dlp.sock', true);
    proxies.push(scanned);

    const direct = `tcp|127.0.0.1|${port}`;
    const big = 'http://upstream.test/big';
    const small = 'http://upstream.test/up';
    const uploads = Math.max(1, Math.round(mb / 4));
    const up = `up${UPLOAD_BYTES}`;
    const s = { downDirect: [] as Transfer[], downProxy: [] as Transfer[], upDirect: [] as Transfer[], upProxy: [] as Transfer[], upDlp: [] as Transfer[] };
    // Interleaved rounds, median of each: single transfers on a shared machine are noisy. Every
    // path runs the same client program over the same bytes.
    for (let i = 0; i < repeats; i++) {
      s.downDirect.push(await transfer(port, [direct, big, '1', 'down']));
      s.downProxy.push(await transfer(port, [`unix|${plain.socketPath}`, big, '1', 'down']));
      s.upDirect.push(await transfer(port, [direct, small, String(uploads), up]));
      s.upProxy.push(await transfer(port, [`unix|${plain.socketPath}`, small, String(uploads), up]));
      s.upDlp.push(await transfer(port, [`unix|${scanned.socketPath}`, small, String(uploads), up]));
    }
    const before = Number((await upstreamGet(port, '/connections')).trim());
    // Direct clients open one connection per run.
    const directConnections = 2 * repeats;
    const rate = (runs: readonly Transfer[]) => median(runs.map((r) => r.mbps));
    const ratio = { download: rate(s.downProxy) / rate(s.downDirect), upload: rate(s.upProxy) / rate(s.upDirect), uploadDlp: rate(s.upDlp) / rate(s.upDirect) };
    const cpuMsPerMB = {
      download: { direct: split(s.downDirect, false), proxied: split(s.downProxy, true) },
      upload: { direct: split(s.upDirect, false), proxied: split(s.upProxy, true) },
      uploadDlp: { direct: split(s.upDirect, false), proxied: split(s.upDlp, true) },
    };
    const cores = cpus().length;
    const bounds = (bound: (d: CpuSplit, p: CpuSplit) => number): Ratios => ({
      download: bound(cpuMsPerMB.download.direct, cpuMsPerMB.download.proxied),
      upload: bound(cpuMsPerMB.upload.direct, cpuMsPerMB.upload.proxied),
      uploadDlp: bound(cpuMsPerMB.uploadDlp.direct, cpuMsPerMB.uploadDlp.proxied),
    });
    return {
      repeats,
      downloadMB: mb,
      downloadDirectMBps: round(rate(s.downDirect), 1),
      downloadProxyMBps: round(rate(s.downProxy), 1),
      downloadRatio: round(ratio.download),
      uploadMB: uploads * 4,
      uploadDirectMBps: round(rate(s.upDirect), 1),
      uploadProxyMBps: round(rate(s.upProxy), 1),
      uploadProxyDlpMBps: round(rate(s.upDlp), 1),
      uploadRatio: round(ratio.upload),
      uploadDlpRatio: round(ratio.uploadDlp),
      proxyCpuMsPerMB: { download: cpuMsPerMB.download.proxied.proxy!, upload: cpuMsPerMB.upload.proxied.proxy!, uploadDlp: cpuMsPerMB.uploadDlp.proxied.proxy! },
      cpuMsPerMB,
      ratioBounds: { cores, sharedCpu: bounds(sharedCpu), freeCores: bounds((d, p) => freeCores(d, p, cores)) },
      upstreamConnections: before - directConnections,
      proxiedRequests: repeats * (1 + 2 * uploads),
      targets: { throughputRatio: 0.7 },
      meets_targets: { download: ratio.download >= 0.7, upload: ratio.upload >= 0.7, uploadDlp: ratio.uploadDlp >= 0.7 },
    };
  } finally {
    for (const p of proxies) await p.close();
    upstream.kill('SIGKILL');
  }
}
