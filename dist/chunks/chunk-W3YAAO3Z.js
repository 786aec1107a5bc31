import { createRequire as __airlockCreateRequire } from 'node:module'; const require = __airlockCreateRequire(import.meta.url);
import {
  parseJson,
  readBody,
  sendJson
} from "./chunk-K3MR4WOR.js";
import {
  SignJWT,
  createLocalJWKSet,
  exportJWK,
  generateKeyPair,
  jwtVerify
} from "./chunk-VJTT6KNH.js";

// src/world/oidc-issuer.ts
import { randomBytes, randomUUID } from "node:crypto";
import { createServer } from "node:http";
function defaultJobClaims(ids) {
  return {
    sub: "repo:acme/widgets:ref:refs/heads/main",
    ref: "refs/heads/main",
    ref_type: "branch",
    ref_protected: "true",
    sha: "a".repeat(40),
    repository: "acme/widgets",
    repository_id: String(ids.repositoryId),
    repository_owner: "acme",
    repository_owner_id: String(ids.ownerId),
    repository_visibility: "public",
    run_id: "7000001",
    run_number: "1",
    run_attempt: "1",
    actor: "alice",
    actor_id: String(ids.actorId),
    workflow: "agent",
    workflow_ref: "acme/widgets/.github/workflows/agent.yml@refs/heads/main",
    workflow_sha: "a".repeat(40),
    job_workflow_ref: "acme/widgets/.github/workflows/agent.yml@refs/heads/main",
    job_workflow_sha: "a".repeat(40),
    event_name: "workflow_dispatch",
    head_ref: "",
    base_ref: "",
    runner_environment: "github-hosted"
  };
}
async function startOidcIssuer(options) {
  const clock = options.clock ?? Date.now;
  const { privateKey, publicKey } = await generateKeyPair("RS256", { extractable: true });
  const kid = randomBytes(8).toString("hex");
  const jwk = { ...await exportJWK(publicKey), kid, alg: "RS256", use: "sig" };
  const jobs = /* @__PURE__ */ new Map();
  let issuer = "";
  const sign = async (key, claims, audience) => {
    const now = Math.floor(clock() / 1e3);
    const body = { jti: randomUUID(), aud: audience, iss: issuer, iat: now, nbf: now, exp: now + 300, ...claims };
    for (const [k, v] of Object.entries(body)) if (v === void 0) delete body[k];
    return new SignJWT(body).setProtectedHeader({ alg: "RS256", kid, typ: "JWT" }).sign(key);
  };
  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? "/", issuer);
      if (req.method === "GET" && url.pathname === "/.well-known/openid-configuration") {
        return sendJson(res, 200, { issuer, jwks_uri: `${issuer}/.well-known/jwks`, id_token_signing_alg_values_supported: ["RS256"] });
      }
      if (req.method === "GET" && url.pathname === "/.well-known/jwks") return sendJson(res, 200, { keys: [jwk] });
      if (req.method === "GET" && url.pathname === "/actions/token") {
        const auth = req.headers.authorization ?? "";
        const claims = jobs.get(auth.replace(/^Bearer /, ""));
        if (!claims) return sendJson(res, 401, { message: "invalid request token" });
        const audience = url.searchParams.get("audience") ?? `https://github.com/${String(claims.repository_owner)}`;
        return sendJson(res, 200, { value: await sign(privateKey, claims, audience) });
      }
      if (req.method === "POST" && url.pathname === "/world/token") {
        const overrides = parseJson(await readBody(req, 64 * 1024)) ?? {};
        const audience = typeof overrides.aud === "string" ? overrides.aud : "airlock";
        return sendJson(res, 200, { value: await sign(privateKey, { ...options.defaults, ...overrides }, audience) });
      }
      sendJson(res, 404, { message: "Not Found" });
    })().catch((error) => sendJson(res, 500, { message: String(error) }));
  });
  await new Promise((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  issuer = `http://127.0.0.1:${server.address().port}`;
  return {
    issuer,
    registerJob(claims) {
      const requestToken = randomBytes(24).toString("hex");
      jobs.set(requestToken, { ...options.defaults, ...claims });
      return { requestUrl: `${issuer}/actions/token?api-version=2.0`, requestToken };
    },
    mint: (overrides = {}, audience = "airlock") => sign(privateKey, { ...options.defaults, ...overrides }, audience),
    jwks: () => ({ keys: [jwk] }),
    close: () => new Promise((resolve) => server.close(() => resolve()))
  };
}

// src/world/sigstore/sigstore-server.ts
import { createHash as createHash2, generateKeyPairSync } from "node:crypto";
import { createServer as createServer2 } from "node:http";

// src/world/sigstore/trusted-root.ts
import { createHash } from "node:crypto";
var b64 = (bytes) => (ArrayBuffer.isView(bytes) ? Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) : Buffer.from(bytes)).toString("base64");
function buildTrustedRoot(parts) {
  const validFor = { start: new Date(Date.now() - 6e4).toISOString() };
  const key = (raw) => ({ rawBytes: b64(raw), keyDetails: "PKIX_ECDSA_P256_SHA_256", validFor });
  const subject = { organization: "sigstore.mock", commonName: "sigstore" };
  return {
    mediaType: "application/vnd.dev.sigstore.trustedroot+json;version=0.1",
    tlogs: [{ baseUrl: parts.url, hashAlgorithm: "SHA2_256", publicKey: key(parts.tlogPublicKey), logId: { keyId: b64(sha256(parts.tlogPublicKey)) } }],
    certificateAuthorities: [{ subject, uri: parts.url, certChain: { certificates: [{ rawBytes: b64(parts.ca) }] }, validFor }],
    ctlogs: [{ baseUrl: parts.url, hashAlgorithm: "SHA2_256", publicKey: key(parts.ctlog.publicKey), logId: { keyId: b64(parts.ctlog.logID) } }],
    timestampAuthorities: [{ subject, uri: parts.url, certChain: { certificates: [{ rawBytes: b64(parts.tsa.intCertificate) }, { rawBytes: b64(parts.tsa.rootCertificate) }] }, validFor }]
  };
}
function sha256(data) {
  return createHash("sha256").update(data).digest();
}

// src/world/sigstore/sigstore-server.ts
var SAN_CLAIM = "airlock_world_san";
async function startSigstore(options) {
  const mock = await import("@sigstore/mock");
  const m = mock.default ?? mock;
  const server = createServer2();
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${server.address().port}`;
  const ec = () => generateKeyPairSync("ec", { namedCurve: "P-256" });
  const ctlog = await m.initializeCTLog(ec());
  const ca = await m.initializeCA(ec(), ctlog);
  const tlog = await m.initializeTLog(url, ec());
  const tsaClock = /* @__PURE__ */ new Date();
  const tsa = await m.initializeTSA(ec(), tsaClock);
  const fulcio = m.fulcioHandler(ca, { subjectClaim: SAN_CLAIM });
  const rekor = m.rekorHandler(tlog);
  const timestamp = m.tsaHandler(tsa);
  const entries = [];
  const githubServerUrl = options.githubServerUrl ?? "https://github.com";
  const routes = {
    [fulcio.path]: async (body) => {
      const request = JSON.parse(body);
      const token = request.credentials?.oidcIdentityToken ?? "";
      let claims;
      try {
        ({ payload: claims } = await jwtVerify(token, createLocalJWKSet(options.jwks()), { issuer: options.oidcIssuer, audience: "sigstore" }));
      } catch (error) {
        return { statusCode: 401, response: JSON.stringify({ code: 401, message: `invalid OIDC token: ${error.message}` }) };
      }
      if (typeof claims.job_workflow_ref !== "string") return { statusCode: 400, response: JSON.stringify({ code: 400, message: "token has no job_workflow_ref" }) };
      const forMock = unsignedJwt({ ...claims, [SAN_CLAIM]: `${githubServerUrl}/${claims.job_workflow_ref}` });
      return fulcio.fn(JSON.stringify({ ...request, credentials: { oidcIdentityToken: forMock } }));
    },
    [rekor.path]: async (body) => {
      const result = await rekor.fn(JSON.stringify(canonicalDsseEntry(JSON.parse(body))));
      if (result.statusCode === 201) entries.push(JSON.parse(String(result.response)));
      return result;
    },
    [timestamp.path]: async (body) => {
      tsaClock.setTime(Math.floor(Date.now() / 1e3) * 1e3);
      return timestamp.fn(body);
    }
  };
  server.on("request", (req, res) => {
    void (async () => {
      const route = req.method === "POST" ? routes[new URL(req.url ?? "/", url).pathname] : void 0;
      if (!route) return sendJson(res, 404, { code: 404, message: "not found" });
      try {
        const result = await route((await readBody(req, 1 << 20)).toString("utf8"));
        const body = typeof result.response === "string" ? result.response : Buffer.from(result.response.buffer, result.response.byteOffset, result.response.byteLength);
        res.writeHead(result.statusCode, { "content-type": result.contentType ?? "application/json" }).end(body);
      } catch (error) {
        sendJson(res, 400, { code: 400, message: error.message });
      }
    })();
  });
  return {
    url,
    trustedRoot: buildTrustedRoot({ url, ca: ca.rootCertificate, ctlog, tlogPublicKey: tlog.publicKey, tsa }),
    entries,
    close: () => new Promise((resolve) => server.close(() => resolve()))
  };
}
function unsignedJwt(claims) {
  const part = (value) => Buffer.from(JSON.stringify(value)).toString("base64url");
  return `${part({ alg: "none", typ: "JWT" })}.${part(claims)}.`;
}
function canonicalDsseEntry(proposed) {
  const content = proposed.spec?.proposedContent;
  if (proposed.kind !== "dsse" || !content) return proposed;
  const envelope = JSON.parse(content.envelope);
  const sha2562 = (data) => createHash2("sha256").update(data).digest("hex");
  return {
    apiVersion: proposed.apiVersion,
    kind: "dsse",
    spec: {
      envelopeHash: { algorithm: "sha256", value: sha2562(content.envelope) },
      payloadHash: { algorithm: "sha256", value: sha2562(Buffer.from(envelope.payload, "base64")) },
      signatures: envelope.signatures.map((s, i) => ({ signature: s.sig, verifier: content.verifiers[i] ?? content.verifiers[0] }))
    }
  };
}

export {
  defaultJobClaims,
  startOidcIssuer,
  startSigstore
};
