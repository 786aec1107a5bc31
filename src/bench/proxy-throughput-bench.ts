import { spawn } from 'node:child_process';
import { connect } from 'node:net';
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

// argv: target (tcp|host|port or unix|path), url, n, what (down or up<bytes>).
const CLIENT = String.raw`
const http=require('http');
const [target,url,n,what]=process.argv.slice(1);
const [kind,a,b]=target.split('|');
const agent=new http.Agent({keepAlive:true,maxSockets:1});
const base=kind==='unix'?{socketPath:a}:{host:a,port:Number(b)};
const path=kind==='unix'?url:new URL(url).pathname;
const one=(method,body)=>new Promise((res,rej)=>{const r=http.request({...base,agent,method,path,headers:{host:new URL(url).host}},(s)=>{let got=0;s.on('data',(c)=>got+=c.length);s.on('end',()=>s.statusCode===200?res(got):rej(new Error('status '+s.statusCode+' '+(s.headers['x-airlock-egress']||''))));});r.on('error',rej);r.end(body);});
(async()=>{
  let bytes=0,body;
  if(what.startsWith('up')){const size=Number(what.slice(2)),line=process.env.AIRLOCK_BENCH_LINE;body=Buffer.from(line.repeat(Math.ceil(size/line.length)).slice(0,size));}
  const t=process.hrtime.bigint();
  for(let i=0;i<Number(n);i++){if(body){await one('POST',body);bytes+=body.length;}else bytes+=await one('GET');}
  console.log(JSON.stringify({ms:Number(process.hrtime.bigint()-t)/1e6,bytes}));
  agent.destroy();
})().catch((e)=>{console.error(e.message);process.exit(1);});
`;

// In its own process, so the proxy does not share an event loop with it; /connections counts TCP connections.
const UPSTREAM = String.raw`
const big=Buffer.alloc(Number(process.argv[1])*1024*1024,97);
let connections=0;
const srv=require('http').createServer((req,res)=>{req.resume();req.on('end',()=>res.end(req.url.startsWith('/big')?big:req.url.startsWith('/connections')?String(connections):'ok'));});
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
  /** CPU the proxy process spent per MiB moved on each path (ms). */
  proxyCpuMsPerMB: { download: number; upload: number; uploadDlp: number };
  /** Upstream TCP connections opened by the proxies over every proxied transfer above. */
  upstreamConnections: number;
  proxiedRequests: number;
  targets: { throughputRatio: number };
  meets_targets: { download: boolean; upload: boolean; uploadDlp: boolean };
}

function client(args: string[]): Promise<{ ms: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    const c = spawn(process.execPath, ['-e', CLIENT, ...args], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, AIRLOCK_BENCH_LINE: PROMPT_LINE } });
    let out = '';
    c.stdout.on('data', (d: Buffer) => (out += d.toString()));
    c.on('error', reject);
    c.on('close', (code) => (code === 0 ? resolve(JSON.parse(out) as { ms: number; bytes: number }) : reject(new Error(`bench client exited ${code}`))));
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const round = (x: number, d = 3) => Number(x.toFixed(d));
const mbps = (r: { ms: number; bytes: number }) => r.bytes / 1024 / 1024 / (r.ms / 1000);

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
    const s = { downDirect: [] as number[], downProxy: [] as number[], upDirect: [] as number[], upProxy: [] as number[], upDlp: [] as number[] };
    // The proxies run in this process: their CPU per MiB moved, which load on the machine does not skew.
    const cpu = { download: 0, upload: 0, uploadDlp: 0 };
    const proxied = async (path: keyof typeof cpu, args: string[]) => {
      const before = process.cpuUsage();
      const r = await client(args);
      const used = process.cpuUsage(before);
      cpu[path] += (used.user + used.system) / 1000 / (r.bytes / 1024 / 1024) / repeats;
      return mbps(r);
    };
    // Interleaved rounds, median of each: single transfers on a shared machine are noisy.
    for (let i = 0; i < repeats; i++) {
      s.downDirect.push(mbps(await client([direct, big, '1', 'down'])));
      s.downProxy.push(await proxied('download', [`unix|${plain.socketPath}`, big, '1', 'down']));
      s.upDirect.push(mbps(await client([direct, small, String(uploads), up])));
      s.upProxy.push(await proxied('upload', [`unix|${plain.socketPath}`, small, String(uploads), up]));
      s.upDlp.push(await proxied('uploadDlp', [`unix|${scanned.socketPath}`, small, String(uploads), up]));
    }
    const before = Number((await fetch(`http://127.0.0.1:${port}/connections`).then((r) => r.text())).trim());
    const directConnections = 2 * repeats + 1;
    const ratio = { download: median(s.downProxy) / median(s.downDirect), upload: median(s.upProxy) / median(s.upDirect), uploadDlp: median(s.upDlp) / median(s.upDirect) };
    return {
      repeats,
      downloadMB: mb,
      downloadDirectMBps: round(median(s.downDirect), 1),
      downloadProxyMBps: round(median(s.downProxy), 1),
      downloadRatio: round(ratio.download),
      uploadMB: uploads * 4,
      uploadDirectMBps: round(median(s.upDirect), 1),
      uploadProxyMBps: round(median(s.upProxy), 1),
      uploadProxyDlpMBps: round(median(s.upDlp), 1),
      uploadRatio: round(ratio.upload),
      uploadDlpRatio: round(ratio.uploadDlp),
      proxyCpuMsPerMB: { download: round(cpu.download, 2), upload: round(cpu.upload, 2), uploadDlp: round(cpu.uploadDlp, 2) },
      // Direct clients open one connection per run, and the /connections request one more.
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
