import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { join } from 'node:path';
import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';
import type { SourceData } from '@smithy/types';
import { awsCredentialBinding } from '../action/aws/aws-binding.js';
import { awsPlaceholderCredentials } from '../action/aws/aws-placeholders.js';
import { prepareAwsRequest } from '../egress/aws-resolution.js';
import { compileCredentials } from '../egress/credential-binding.js';
import { githubTokenPlaceholder } from '../egress/credential-placeholder.js';
import { DEFAULT_EGRESS_LIMITS } from '../egress/egress-policy.js';
import { startEgressProxy } from '../egress/egress-proxy.js';
import { normalizeHost, type NormalizedHost } from '../egress/normalize-host.js';
import { createCertificateAuthority } from '../tls/certificate-authority.js';

/*
 * What signing again costs (issue 18): the same keep-alive HTTPS client through the same
 * terminated tunnel, once sending a bearer placeholder the proxy puts the real value in for
 * (plain resolution), once sending a request SigV4-signed with the agent's placeholder AWS
 * credentials, which the proxy checks, reads the operation of, and signs again with the real
 * session (@smithy/signature-v4 both times). Each request is signed once before the run and sent
 * as is, so the client does the same work on both paths and the difference is the proxy's.
 * Interleaved rounds; medians of every sample. On a loaded machine the two end-to-end medians
 * differ by more than signing costs, so the proxy's own work is also timed in process: checking
 * the signature, reading the operation and signing again (prepareAwsRequest, then resign), the
 * whole of what re-signing adds to a request over putting a value in a header.
 */

// Upstream in its own process, so the proxy does not share an event loop with it.
const UPSTREAM = String.raw`
const srv=require('https').createServer({key:process.env.KEY,cert:process.env.CERT},(req,res)=>{req.resume();req.on('end',()=>res.end('ok'));});
srv.listen(0,'127.0.0.1',()=>console.log(srv.address().port));
`;

// argv: proxy socket, host, caFile, path, n; headers as JSON in AIRLOCK_BENCH_HEADERS.
const CLIENT = String.raw`
const https=require('https'),tls=require('tls'),net=require('net'),fs=require('fs');
const [socket,host,caFile,path,n]=process.argv.slice(1);
const ca=fs.readFileSync(caFile);
const headers=JSON.parse(process.env.AIRLOCK_BENCH_HEADERS);
const open=(cb)=>{const raw=net.connect({path:socket});let head='';raw.write('CONNECT '+host+':443 HTTP/1.1\r\nhost: '+host+':443\r\n\r\n');const onData=(c)=>{head+=c.toString('latin1');if(!head.includes('\r\n\r\n'))return;raw.off('data',onData);raw.pause();const s=tls.connect({socket:raw,servername:host,ca,ALPNProtocols:['http/1.1']});s.once('secureConnect',()=>cb(null,s));s.once('error',cb);};raw.on('data',onData);raw.once('error',cb);};
class A extends https.Agent{createConnection(_o,cb){open(cb);}}
const agent=new A({keepAlive:true,maxSockets:1});
const one=()=>new Promise((res,rej)=>{const t=process.hrtime.bigint();const r=https.request({host,port:443,agent,path,headers},(s)=>{s.resume();s.on('end',()=>s.statusCode===200?res(Number(process.hrtime.bigint()-t)/1e6):rej(new Error('status '+s.statusCode+' '+(s.headers['x-airlock-egress']||''))));});r.on('error',rej);r.end();});
(async()=>{await one();const out=[];for(let i=0;i<Number(n);i++)out.push(await one());console.log(JSON.stringify(out));agent.destroy();})().catch((e)=>{console.error(e.message);process.exit(1);});
`;

class Sha256 extends Hash {
  constructor(secret?: SourceData) {
    super('sha256', secret);
  }
}

function client(args: string[], headers: Record<string, string>): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const c = spawn(process.execPath, ['-e', CLIENT, ...args], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, AIRLOCK_BENCH_HEADERS: JSON.stringify(headers) } });
    let out = '';
    c.stdout.on('data', (d: Buffer) => (out += d.toString()));
    c.on('error', reject);
    c.on('close', (code) => (code === 0 ? resolve(JSON.parse(out) as number[]) : reject(new Error(`resign bench client exited ${code}`))));
  });
}

const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))]!;
const round = (x: number) => Number(x.toFixed(3));

export interface ResignResult {
  requests: number;
  plainResolutionP50Ms: number;
  resignP50Ms: number;
  /** End to end: re-signing's cost per request over plain resolution, at the median. */
  addedP50Ms: number;
  /** In process: check, read and sign again per request, at the median (target ≤ 1 ms). */
  resignWorkP50Ms: number;
  resignWorkP99Ms: number;
  plainResolutionP99Ms: number;
  resignP99Ms: number;
}

export async function measureResign(options: { scratch: string; requests: number; repeats: number }): Promise<ResignResult> {
  const plainHost = 'api.bench.test';
  const awsHost = 's3.us-east-1.amazonaws.com';
  const upstreamCa = createCertificateAuthority({ commonName: 'resign bench upstream CA' });
  const runCa = createCertificateAuthority({ commonName: 'resign bench run CA' });
  const issued = upstreamCa.issueServerCertificate([plainHost, awsHost]);
  const runCaFile = join(options.scratch, 'resign-run-ca.pem');
  await writeFile(runCaFile, runCa.certPem);
  const upstream = spawn(process.execPath, ['-e', UPSTREAM], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, KEY: issued.keyPem, CERT: issued.certPem } });
  const port = await new Promise<number>((resolve, reject) => {
    upstream.stdout.once('data', (d: Buffer) => resolve(Number(d.toString().trim())));
    upstream.once('error', reject);
  });
  const realToken = `ghs_${'R'.repeat(36)}`;
  const tokenPlaceholder = githubTokenPlaceholder();
  const awsPlaceholder = awsPlaceholderCredentials();
  const awsReal = awsPlaceholderCredentials();
  const aws = awsCredentialBinding({ placeholder: awsPlaceholder, real: () => awsReal, roleArn: 'arn:aws:iam::123456789012:role/bench', endpoints: new Map() });
  const proxy = await startEgressProxy({
    policy: { ...DEFAULT_EGRESS_LIMITS, hosts: [{ host: plainHost, ports: [443] }, ...aws.hosts], requestsPerMinute: 1_000_000, burst: 1_000_000 },
    socketPath: join(options.scratch, 'resign-egress.sock'),
    onLog: () => undefined,
    credentials: compileCredentials([{ id: 'github-token', kind: 'github-token', placeholder: tokenPlaceholder, hosts: [{ host: plainHost, ports: [443] }], placements: [{ kind: 'authorization', schemes: ['token'] }], real: () => realToken }, aws]),
    authority: runCa,
    upstreamCa: [upstreamCa.certPem],
    protectedValues: () => [realToken, awsReal.secretAccessKey, awsReal.sessionToken, awsReal.accessKeyId].map((value) => ({ value, label: 'bench' })),
    decide: (_request, found) => ({ decision: found ? 'resolve' : 'allow', reasons: [] }),
    connectUpstream: () =>
      new Promise((resolve, reject) => {
        const s = connect({ host: '127.0.0.1', port });
        s.once('connect', () => resolve(s));
        s.once('error', reject);
      }),
  });
  try {
    // Signed once, as the AWS CLI would sign a GetObject, then sent as is.
    const signer = new SignatureV4({ credentials: awsPlaceholder, region: 'us-east-1', service: 's3', sha256: Sha256, uriEscapePath: false, applyChecksum: false });
    const path = '/bench-bucket/small.txt';
    const signed = await signer.sign({ method: 'GET', protocol: 'https:', hostname: awsHost, path, query: {}, headers: { host: awsHost, 'x-amz-content-sha256': 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' } });
    const awsHeaders = Object.fromEntries(Object.entries(signed.headers).filter(([name]) => name !== 'host'));
    const plainArgs = [proxy.socketPath, plainHost, runCaFile, '/small'];
    const awsArgs = [proxy.socketPath, awsHost, runCaFile, path];
    const per = Math.max(1, Math.ceil(options.requests / options.repeats));
    const plain: number[] = [];
    const resigned: number[] = [];
    const work: number[] = [];
    const host = normalizeHost(awsHost) as NormalizedHost;
    const rawHeaders = Object.entries({ host: awsHost, ...awsHeaders }).flat();
    const headers = Object.fromEntries(Object.entries({ host: awsHost, ...awsHeaders }).map(([k, v]) => [k.toLowerCase(), v]));
    for (let i = 0; i < per * options.repeats; i++) {
      const t = process.hrtime.bigint();
      const prepared = await prepareAwsRequest({ binding: aws.aws!, target: { host, port: 443, path, query: '' }, method: 'GET', headers, rawHeaders, body: Buffer.alloc(0), now: Date.now() });
      if (!prepared.ok) throw new Error(`resign bench: the signed request was refused (${prepared.reason}: ${prepared.detail})`);
      await prepared.resign({ ...headers });
      work.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
    for (let i = 0; i < options.repeats; i++) {
      plain.push(...(await client([...plainArgs, String(per)], { authorization: `token ${tokenPlaceholder}` })));
      resigned.push(...(await client([...awsArgs, String(per)], awsHeaders)));
    }
    return {
      requests: per * options.repeats,
      plainResolutionP50Ms: round(quantile(plain, 0.5)),
      resignP50Ms: round(quantile(resigned, 0.5)),
      addedP50Ms: round(quantile(resigned, 0.5) - quantile(plain, 0.5)),
      resignWorkP50Ms: round(quantile(work, 0.5)),
      resignWorkP99Ms: round(quantile(work, 0.99)),
      plainResolutionP99Ms: round(quantile(plain, 0.99)),
      resignP99Ms: round(quantile(resigned, 0.99)),
    };
  } finally {
    await proxy.close();
    upstream.kill('SIGKILL');
  }
}
