import { defaultJobClaims, startOidcIssuer, type ActionsClaims, type OidcIssuer } from '../../src/world/oidc-issuer.js';
import { startSigstore, type SigstoreStandIn } from '../../src/world/sigstore/sigstore-server.js';
import { trustFromRoots } from '../../src/attest/trust-material.js';
import type { AgentRunPredicate } from '../../src/attest/agent-run-statement.js';
import type { AgentIdentityPolicy } from '../../src/attest/identity-policy.js';

/** An OIDC issuer and a Sigstore stand-in trusting it: enough to sign and verify offline. */
export interface AttestWorld {
  oidc: OidcIssuer;
  sigstore: SigstoreStandIn;
  token: (claims?: ActionsClaims) => () => Promise<string>;
  close(): Promise<void>;
}

export const REPOSITORY_ID = '4100';

export async function startAttestWorld(): Promise<AttestWorld> {
  const oidc = await startOidcIssuer({ defaults: defaultJobClaims({ repositoryId: Number(REPOSITORY_ID), ownerId: 4000, actorId: 1 }) });
  const sigstore = await startSigstore({ oidcIssuer: oidc.issuer, jwks: () => oidc.jwks() });
  return {
    oidc,
    sigstore,
    token: (claims = {}) => () => oidc.mint(claims, 'sigstore'),
    close: async () => {
      await sigstore.close();
      await oidc.close();
    },
  };
}

export function worldTrust(world: AttestWorld) {
  return trustFromRoots([world.sigstore.trustedRoot]);
}

export function widgetsPolicy(world: AttestWorld, overrides: Partial<AgentIdentityPolicy> = {}): AgentIdentityPolicy {
  return {
    serverUrl: 'https://github.com',
    issuer: world.oidc.issuer,
    repository: 'acme/widgets',
    repositoryId: REPOSITORY_ID,
    workflows: { refs: ['acme/widgets/.github/workflows/agent.yml@refs/heads/main'] },
    runnerEnvironments: ['github-hosted'],
    ...overrides,
  };
}

/** A predicate whose run claims match the issuer's default job claims. */
export function samplePredicate(overrides: Partial<AgentRunPredicate['run']> = {}): AgentRunPredicate {
  const now = new Date().toISOString();
  return {
    agent: { identity: 'agent', commandDigest: { sha256: 'c'.repeat(64) }, exitCode: 0 },
    run: {
      serverUrl: 'https://github.com',
      repository: 'acme/widgets',
      repositoryId: REPOSITORY_ID,
      workflowRef: 'acme/widgets/.github/workflows/agent.yml@refs/heads/main',
      runId: '7000001',
      runAttempt: '1',
      ref: 'refs/heads/main',
      sha: 'a'.repeat(40),
      eventName: 'workflow_dispatch',
      runnerEnvironment: 'github-hosted',
      ...overrides,
    },
    inputsDigest: { sha256: 'd'.repeat(64) },
    base: { commit: 'b'.repeat(40) },
    changes: { files: 1, needsApproval: [] },
    credentials: [{ kind: 'github', id: 'tok-1', scope: 'contents:read on widgets', mintedAt: now, expiresAt: now, revokedAt: now }],
    sandbox: { backend: 'none' },
    egress: { mode: 'unrestricted' },
    redaction: { outputRedactions: 0 },
    policyDecisions: [],
    timestamps: { startedOn: now, finishedOn: now },
  };
}
