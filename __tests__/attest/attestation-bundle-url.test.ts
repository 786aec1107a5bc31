import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { compress } from 'snappyjs';
import { agentRunStatement } from '../../src/attest/agent-run-statement.js';
import { BundleBlobError, type BundleBlobErrorCode } from '../../src/attest/bundle-blob-error.js';
import { changesetDigest, gitBlobSha } from '../../src/attest/changeset-digest.js';
import { decodeBundleBlob } from '../../src/attest/decode-bundle-blob.js';
import { fetchAttestationBundle } from '../../src/attest/fetch-attestation-bundle.js';
import { signKeyless } from '../../src/attest/sign-keyless.js';
import { startStack, type Stack } from '../../src/demo/start-stack.js';
import { failNextRequests } from '../../src/world/github/request-faults.js';
import { openPull } from '../../src/world/pull-requests.js';
import { runAction } from '../../src/world/runner-harness.js';
import { MAIN, POST } from '../support/dist-paths.js';
import { ensureRoutableTestAddress } from '../support/routable-address.js';
import { samplePredicate } from './attest-world.js';

const MiB = 1024 * 1024;
const sampleBundle = {
  mediaType: 'application/vnd.dev.sigstore.bundle.v0.3+json',
  verificationMaterial: { certificate: { rawBytes: 'AAAA' } },
  dsseEnvelope: { payload: 'e30=', payloadType: 'application/vnd.in-toto+json', signatures: [] },
};

async function refusal(work: Promise<unknown>): Promise<BundleBlobErrorCode> {
  const error = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(BundleBlobError);
  return (error as BundleBlobError).code;
}

/** A snappy block with a back-reference before any output inserted after its length header: no decoder accepts it. */
function corrupted(block: Uint8Array): Buffer {
  const header = block.findIndex((byte) => byte < 0x80) + 1;
  return Buffer.concat([
    block.subarray(0, header),
    Buffer.from([0x02, 0xff, 0xff]),
    block.subarray(header),
  ]);
}

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !condition(); i++)
    await new Promise((resolve) => setTimeout(resolve, 10));
}

/** A real HTTP server that records what it received and answers with `answer`. */
async function blobHost(
  answer: (
    req: IncomingMessage,
    res: ServerResponse,
    seen: { written: number; closedEarly: boolean },
  ) => void,
  host = '127.0.0.1',
) {
  const requests: { url: string; headers: IncomingHttpHeaders }[] = [];
  const seen = { written: 0, closedEarly: false };
  const server: Server = createServer((req, res) => {
    requests.push({ url: req.url ?? '', headers: req.headers });
    res.on('close', () => {
      if (!res.writableFinished) seen.closedEarly = true;
    });
    answer(req, res, seen);
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    requests,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe('decoding what a bundle_url serves', () => {
  it('reads a snappy block, as GitHub serves it, and plain JSON', () => {
    const json = Buffer.from(JSON.stringify(sampleBundle));
    expect(decodeBundleBlob(compress(json))).toEqual(sampleBundle);
    expect(decodeBundleBlob(json)).toEqual(sampleBundle);
    expect(decodeBundleBlob(Buffer.from(`\n  ${JSON.stringify(sampleBundle)}`))).toEqual(
      sampleBundle,
    );
  });

  it('refuses a corrupted block, a framed stream and a block that is not a JSON object', () => {
    const block = compress(Buffer.from(JSON.stringify(sampleBundle)));
    expect(() => decodeBundleBlob(corrupted(block))).toThrow(
      expect.objectContaining({ code: 'CORRUPT_SNAPPY' }),
    );
    const framed = Buffer.concat([
      Buffer.from([0xff, 0x06, 0x00, 0x00]),
      Buffer.from('sNaPpY'),
      block,
    ]);
    expect(() => decodeBundleBlob(framed)).toThrow(
      expect.objectContaining({ code: 'CORRUPT_SNAPPY' }),
    );
    expect(() => decodeBundleBlob(Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff]))).toThrow(
      expect.objectContaining({ code: 'CORRUPT_SNAPPY' }),
    );
    expect(() => decodeBundleBlob(compress(Buffer.from('[1,2,3]')))).toThrow(
      expect.objectContaining({ code: 'NOT_JSON' }),
    );
    expect(() => decodeBundleBlob(compress(Buffer.from('not json')))).toThrow(
      expect.objectContaining({ code: 'NOT_JSON' }),
    );
  });

  it('refuses a block declaring more than 16 MiB before decoding it', () => {
    // The varint of 1 GiB, then one literal byte: a few bytes that would claim a gigabyte.
    const bomb = Buffer.from([0x80, 0x80, 0x80, 0x80, 0x04, 0x00, 0x41]);
    expect(() => decodeBundleBlob(bomb)).toThrow(expect.objectContaining({ code: 'TOO_LARGE' }));
  });
});

describe('fetching a bundle_url', () => {
  it('fetches with no Authorization header and decodes the snappy body', async () => {
    const host = await blobHost((_req, res) =>
      res
        .writeHead(200, { 'content-type': 'application/x-snappy' })
        .end(compress(Buffer.from(JSON.stringify(sampleBundle)))),
    );
    try {
      expect(await fetchAttestationBundle(`${host.url}/attestations/1.json.sn?sig=abc`)).toEqual(
        sampleBundle,
      );
      expect(host.requests).toHaveLength(1);
      expect(host.requests[0]!.url).toBe('/attestations/1.json.sn?sig=abc');
      expect(host.requests[0]!.headers.authorization).toBeUndefined();
      expect(host.requests[0]!.headers.cookie).toBeUndefined();
    } finally {
      await host.close();
    }
  });

  it('refuses http to an address that is not loopback, and other schemes, without sending anything', async () => {
    const address = ensureRoutableTestAddress();
    const host = await blobHost(
      (_req, res) => res.writeHead(200).end(JSON.stringify(sampleBundle)),
      address,
    );
    try {
      expect(await refusal(fetchAttestationBundle(`${host.url}/attestations/1.json.sn`))).toBe(
        'URL_REFUSED',
      );
      expect(host.requests).toHaveLength(0);
      for (const url of [
        'ftp://127.0.0.1/x',
        'file:///etc/passwd',
        'data:application/json,{}',
        'https://user:secret@blob.example/x',
        'not a url',
      ]) {
        expect(await refusal(fetchAttestationBundle(url))).toBe('URL_REFUSED');
      }
    } finally {
      await host.close();
    }
  });

  it('stops reading an oversized body at the cap and closes the connection', async () => {
    // 1 GiB offered in 64 KiB chunks, no Content-Length, written only as fast as it is read.
    const chunk = Buffer.alloc(64 * 1024, 0x41);
    const host = await blobHost((_req, res, seen) => {
      res.writeHead(200, { 'content-type': 'application/x-snappy' });
      const pump = () => {
        while (seen.written < 1024 * MiB && !res.destroyed) {
          seen.written += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end();
      };
      pump();
    });
    try {
      expect(await refusal(fetchAttestationBundle(`${host.url}/big.json.sn`))).toBe('TOO_LARGE');
      await until(() => host.seen.closedEarly);
      expect(host.seen.closedEarly).toBe(true);
      expect(host.seen.written).toBeLessThan(64 * MiB);
    } finally {
      await host.close();
    }
  });

  it('refuses a declared Content-Length over the cap, a redirect, and an error status', async () => {
    const target = await blobHost((_req, res) =>
      res.writeHead(200).end(JSON.stringify(sampleBundle)),
    );
    const host = await blobHost((req, res) => {
      const path = req.url;
      if (path === '/declared') res.writeHead(200, { 'content-length': String(17 * MiB) }).end();
      else if (path === '/moved') res.writeHead(302, { location: `${target.url}/x` }).end();
      else
        res
          .writeHead(403, { 'content-type': 'application/xml' })
          .end('<Error><Code>AuthenticationFailed</Code></Error>');
    });
    try {
      expect(await refusal(fetchAttestationBundle(`${host.url}/declared`))).toBe('TOO_LARGE');
      expect(await refusal(fetchAttestationBundle(`${host.url}/moved`))).toBe('HTTP_STATUS');
      expect(target.requests).toHaveLength(0);
      expect(await refusal(fetchAttestationBundle(`${host.url}/expired`))).toBe('HTTP_STATUS');
    } finally {
      await host.close();
      await target.close();
    }
  });
});

describe('through the world and the App', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.close());

  describe('the PR gate reads attestations served by bundle_url and inline', () => {
    const gateRun = (sha: string) =>
      stack.world.state.checkRuns.filter((r) => r.headSha === sha && r.name === 'Airlock').at(-1)!;
    const blobRequests = () =>
      stack.world.state.requests.filter((r) => r.path.startsWith('/_world/blobs/attestations/'));

    /** Signs an agent-run attestation for exactly `files` (as the Action would) and uploads it to the world. */
    async function attest(files: Record<string, string>) {
      const digest = changesetDigest(
        Object.entries(files).map(([path, content]) => ({
          path,
          blob: gitBlobSha(Buffer.from(content)),
        })),
      );
      const predicate = samplePredicate({
        repositoryId: String(stack.world.repo('acme/widgets').id),
      });
      const bundle = await signKeyless(agentRunStatement(digest, predicate), {
        fulcioUrl: stack.world.sigstore.url,
        rekorUrl: stack.world.sigstore.url,
        identityToken: () => stack.world.oidc.mint({}, 'sigstore'),
      });
      const token = stack.world.jobToken('acme/widgets', { attestations: 'write' });
      const upload = await fetch(`${stack.world.githubApiUrl}/repos/acme/widgets/attestations`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ bundle }),
      });
      expect(upload.status).toBe(201);
      const { id } = (await upload.json()) as { id: number };
      return { digest, attestation: stack.world.state.attestations.find((a) => a.id === id)! };
    }

    async function listed(digest: string) {
      const token = stack.world.jobToken('acme/widgets', { attestations: 'read' });
      const response = await fetch(
        `${stack.world.githubApiUrl}/repos/acme/widgets/attestations/sha256:${digest}`,
        { headers: { authorization: `Bearer ${token}` } },
      );
      expect(response.status).toBe(200);
      return ((await response.json()) as { attestations: Record<string, unknown>[] }).attestations;
    }

    it('serves bundle: null with a pre-signed bundle_url by default, and the gate verifies the snappy blob fetched without credentials', async () => {
      const files = { 'src/by-reference.js': 'export const shape = "bundle_url";\n' };
      const { digest } = await attest(files);
      const [entry] = await listed(digest);
      expect(entry!.bundle).toBeNull();
      expect(entry!.initiator).toBe('user');
      const bundleUrl = new URL(String(entry!.bundle_url));
      expect(bundleUrl.pathname).toMatch(/^\/_world\/blobs\/attestations\/\d+\.json\.sn$/);
      const blob = await fetch(bundleUrl);
      expect(blob.headers.get('content-type')).toBe('application/x-snappy');
      bundleUrl.searchParams.set('sig', '00'.repeat(32));
      expect((await fetch(bundleUrl)).status).toBe(403);

      const before = blobRequests().length;
      const { sha } = await openPull(stack.world, {
        repo: 'acme/widgets',
        head: 'agent/by-reference',
        author: 'agent-smith[bot]',
        files,
      });
      expect(gateRun(sha).output?.summary).toContain(
        '✅ **Verified**: signed by `https://github.com/acme/widgets/.github/workflows/agent.yml@refs/heads/main`',
      );
      const fetched = blobRequests().slice(before);
      expect(fetched).toHaveLength(1);
      // The App listed attestations with its installation token and sent nothing to the blob host.
      expect(fetched[0]!.auth).toEqual({ scheme: 'none', kind: 'none' });
      expect(
        stack.world.state.requests.some(
          (r) =>
            r.path.endsWith(`/attestations/sha256:${digest}`) && r.auth.kind === 'installation',
        ),
      ).toBe(true);
      expect(stack.world.state.violations).toEqual([]);
    });

    it('verifies an inline bundle (the old shape) without fetching anything', async () => {
      const files = { 'src/inline.js': 'export const shape = "inline";\n' };
      const { digest, attestation } = await attest(files);
      attestation.delivery = 'inline';
      const [entry] = await listed(digest);
      expect(entry!.bundle).toEqual(attestation.bundle);
      expect(entry!.bundle_url).toBeUndefined();
      const before = blobRequests().length;
      const { sha } = await openPull(stack.world, {
        repo: 'acme/widgets',
        head: 'agent/inline',
        author: 'agent-smith[bot]',
        files,
      });
      expect(gateRun(sha).output?.summary).toContain('✅ **Verified**');
      expect(blobRequests().length).toBe(before);
      expect(stack.world.state.violations).toEqual([]);
    });

    it('keeps the gate closed when the blob is corrupted: the attestation is unverifiable, never a pass', async () => {
      const files = { 'src/corrupted.js': 'export const shape = "damaged";\n' };
      const { attestation } = await attest(files);
      attestation.blob = corrupted(compress(Buffer.from(JSON.stringify(attestation.bundle))));
      const { sha } = await openPull(stack.world, {
        repo: 'acme/widgets',
        head: 'agent/corrupted',
        author: 'agent-smith[bot]',
        files,
      });
      expect(gateRun(sha).conclusion).toBe('failure');
      expect(gateRun(sha).output?.summary).toContain(
        '**Not checked**: no attestation bundle could be read: BUNDLE\\_CORRUPT\\_SNAPPY',
      );
    });
  });

  describe("the Action's upload", () => {
    const uploadPath = '/repos/acme/widgets/attestations';
    const checkout = {
      'agent.mjs':
        "import { writeFileSync } from 'node:fs';\nwriteFileSync('out.txt', 'done\\n');\n",
      'README.md': '# x\n',
    };
    const run = (extra: Record<string, string> = {}) =>
      runAction({
        mainPath: MAIN,
        postPath: POST,
        inputs: {
          'broker-url': stack.app.url,
          permissions: 'contents: read',
          run: 'node agent.mjs',
          'fulcio-url': stack.world.sigstore.url,
          'rekor-url': stack.world.sigstore.url,
          'github-token': stack.world.jobToken('acme/widgets', { attestations: 'write' }),
          ...extra,
        },
        env: stack.jobEnv(),
        workspaceFiles: checkout,
        checkout: true,
      });
    const uploads = (from: number) =>
      stack.world.state.requests
        .slice(from)
        .filter((r) => r.method === 'POST' && r.path.replace(/^\/api\/v3/, '') === uploadPath);

    it('retries after a dropped connection and a 502, and the attestation arrives', async () => {
      failNextRequests(stack.world.state, {
        method: 'POST',
        path: uploadPath,
        times: 1,
        answer: 'reset',
      });
      failNextRequests(stack.world.state, {
        method: 'POST',
        path: uploadPath,
        times: 1,
        answer: 502,
      });
      const from = stack.world.state.requests.length;
      const stored = stack.world.state.attestations.length;
      const result = await run();
      expect(result.main.exitCode).toBe(0);
      expect(uploads(from)).toHaveLength(3);
      expect(stack.world.state.attestations.length).toBe(stored + 1);
      expect(result.main.log).toContain('Uploaded the attestation to acme/widgets');
    });

    it('fails the step under attest: true when the upload keeps failing; warns under auto', async () => {
      failNextRequests(stack.world.state, {
        method: 'POST',
        path: uploadPath,
        times: 100,
        answer: 503,
      });
      try {
        const stored = stack.world.state.attestations.length;
        const from = stack.world.state.requests.length;
        const required = await run({ attest: 'true' });
        expect(required.main.exitCode).not.toBe(0);
        expect(
          required.main.annotations.some(
            (a) =>
              a.level === 'error' &&
              a.message.includes(
                'could not upload the attestation to acme/widgets after 4 attempt(s): GitHub answered 503',
              ) &&
              a.message.includes('(attest: true)'),
          ),
        ).toBe(true);
        expect(uploads(from)).toHaveLength(4);
        const auto = await run();
        expect(auto.main.exitCode).toBe(0);
        expect(
          auto.main.annotations.some(
            (a) =>
              a.level === 'warning' &&
              a.message.includes('Could not upload the attestation to acme/widgets'),
          ),
        ).toBe(true);
        expect(stack.world.state.attestations.length).toBe(stored);
      } finally {
        stack.world.state.faults.length = 0;
      }
    });
  });
});
