import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { join } from 'node:path';
import { compileCredentials } from '../egress/credential-binding.js';
import { githubTokenPlaceholder } from '../egress/credential-placeholder.js';
import { DEFAULT_EGRESS_LIMITS } from '../egress/egress-policy.js';
import { startEgressProxy } from '../egress/egress-proxy.js';
import { createCertificateAuthority } from '../tls/certificate-authority.js';

/*
 * What TLS termination costs (issue 12): the same keep-alive HTTPS client, once straight to an
 * HTTPS upstream and once through the egress proxy, which terminates the tunnel with the run's CA,
 * resolves the placeholder in `Authorization`, forwards over its own verified TLS and scrubs the
 * answer. Sequential small GETs for latency, one large download for throughput.
 */

// Upstream in its own process, so the proxy does not share an event loop with it.
const UPSTREAM = String.raw`
const big=Buffer.alloc(Number(process.argv[1])*1024*1024,97);
const srv=require('https').createServer({key:process.env.KEY,cert:process.env.CERT},(req,res)=>{req.resume();req.on('end',()=>res.end(req.url.startsWith('/big')?big:'ok'));});
srv.listen(0,'127.0.0.1',()=>console.log(srv.address().port));
`;

// argv: mode (direct|tunnel), target (host:port or the proxy socket), host, caFile, n, what (small|big).
const CLIENT = String.raw`
const https=require('https'),tls=require('tls'),net=require('net'),fs=require('fs');
const [mode,target,host,caFile,n,what]=process.argv.slice(1);
const ca=fs.readFileSync(caFile);
const open=(cb)=>{
  if(mode==='direct'){const [h,p]=target.split(':');const s=tls.connect({host:h,port:Number(p),servername:host,ca,ALPNProtocols:['http/1.1']});s.once('secureConnect',()=>cb(null,s));s.once('error',cb);return;}
  const raw=net.connect({path:target});let head='';
  raw.write('CONNECT '+host+':443 HTTP/1.1\r\nhost: '+host+':443\r\n\r\n');
  const onData=(c)=>{head+=c.toString('latin1');if(!head.includes('\r\n\r\n'))return;raw.off('data',onData);raw.pause();const s=tls.connect({socket:raw,servername:host,ca,ALPNProtocols:['http/1.1']});s.once('secureConnect',()=>cb(null,s));s.once('error',cb);};
  raw.on('data',onData);raw.once('error',cb);
};
class A extends https.Agent{createConnection(_o,cb){open(cb);}}
const agent=new A({keepAlive:true,maxSockets:1});
const one=(path)=>new Promise((res,rej)=>{const t=process.hrtime.bigint();const r=https.request({host,port:443,agent,path,headers:{host,authorization:'token '+process.env.AIRLOCK_BENCH_TOKEN}},(s)=>{let b=0;s.on('data',(c)=>b+=c.length);s.on('end',()=>s.statusCode===200?res([Number(process.hrtime.bigint()-t)/1e6,b]):rej(new Error('status '+s.statusCode)));});r.on('error',rej);r.end();});
(async()=>{
  if(what==='small'){await one('/warm');const out=[];for(let i=0;i<Number(n);i++)out.push((await one('/small'))[0]);console.log(JSON.stringify(out));}
  else{await one('/warm');const [ms,bytes]=await one('/big');console.log(JSON.stringify({ms,bytes}));}
  agent.destroy();
})().catch((e)=>{console.error(e.message);process.exit(1);});
`;

function client(args: string[], token: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const c = spawn(process.execPath, ['-e', CLIENT, ...args], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, AIRLOCK_BENCH_TOKEN: token } });
    let out = '';
    c.stdout.on('data', (d: Buffer) => (out += d.toString()));
    c.on('error', reject);
    c.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`bench client exited ${code}`))));
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export interface TerminatedTlsResult {
  requests: number;
  directP50Ms: number;
  terminatedP50Ms: number;
  addedP50Ms: number;
  downloadMB: number;
  downloadDirectMBps: number;
  downloadTerminatedMBps: number;
  downloadRatio: number;
}

export async function measureTerminatedTls(options: { scratch: string; requests: number; mb: number; repeats: number }): Promise<TerminatedTlsResult> {
  const host = 'api.bench.test';
  const upstreamCa = createCertificateAuthority({ commonName: 'bench upstream CA' });
  const runCa = createCertificateAuthority({ commonName: 'bench run CA' });
  const issued = upstreamCa.issueServerCertificate([host]);
  const upstreamCaFile = join(options.scratch, 'upstream-ca.pem');
  const runCaFile = join(options.scratch, 'run-ca.pem');
  await writeFile(upstreamCaFile, upstreamCa.certPem);
  await writeFile(runCaFile, runCa.certPem);
  const upstream = spawn(process.execPath, ['-e', UPSTREAM, String(options.mb)], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, KEY: issued.keyPem, CERT: issued.certPem } });
  const port = await new Promise<number>((resolve, reject) => {
    upstream.stdout.once('data', (d: Buffer) => resolve(Number(d.toString().trim())));
    upstream.once('error', reject);
  });
  const real = `ghs_${'R'.repeat(36)}`;
  const placeholder = githubTokenPlaceholder();
  const proxy = await startEgressProxy({
    policy: { ...DEFAULT_EGRESS_LIMITS, hosts: [{ host, ports: [443] }], requestsPerMinute: 1_000_000, burst: 1_000_000 },
    socketPath: join(options.scratch, 'tls-egress.sock'),
    onLog: () => undefined,
    credentials: compileCredentials([{ id: 'github-token', kind: 'github-token', placeholder, hosts: [{ host, ports: [443] }], placements: [{ kind: 'authorization', schemes: ['token'] }], real: () => real }]),
    authority: runCa,
    upstreamCa: [upstreamCa.certPem],
    protectedValues: () => [{ value: real, label: 'bench' }],
    decide: (_request, found) => ({ decision: found ? 'resolve' : 'allow', reasons: [] }),
    connectUpstream: () =>
      new Promise((resolve, reject) => {
        const s = connect({ host: '127.0.0.1', port });
        s.once('connect', () => resolve(s));
        s.once('error', reject);
      }),
  });
  try {
    const direct = ['direct', `127.0.0.1:${port}`, host, upstreamCaFile];
    const tunnel = ['tunnel', proxy.socketPath, host, runCaFile];
    const directSmall = JSON.parse(await client([...direct, String(options.requests), 'small'], real)) as number[];
    const tunnelSmall = JSON.parse(await client([...tunnel, String(options.requests), 'small'], placeholder)) as number[];
    const rate = (s: string) => {
      const r = JSON.parse(s) as { ms: number; bytes: number };
      return r.bytes / 1024 / 1024 / (r.ms / 1000);
    };
    const down = { direct: [] as number[], terminated: [] as number[] };
    for (let i = 0; i < options.repeats; i++) {
      down.direct.push(rate(await client([...direct, '1', 'big'], real)));
      down.terminated.push(rate(await client([...tunnel, '1', 'big'], placeholder)));
    }
    const round = (x: number, d = 3) => Number(x.toFixed(d));
    return {
      requests: options.requests,
      directP50Ms: round(median(directSmall)),
      terminatedP50Ms: round(median(tunnelSmall)),
      addedP50Ms: round(median(tunnelSmall) - median(directSmall)),
      downloadMB: options.mb,
      downloadDirectMBps: round(median(down.direct), 1),
      downloadTerminatedMBps: round(median(down.terminated), 1),
      downloadRatio: round(median(down.terminated) / median(down.direct)),
    };
  } finally {
    await proxy.close();
    upstream.kill('SIGKILL');
  }
}
