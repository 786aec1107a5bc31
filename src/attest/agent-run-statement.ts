import { Ajv, type ValidateFunction } from 'ajv';
import schema from '../../schemas/agent-run-v1.schema.json' with { type: 'json' };
import { AttestError } from './attest-error.js';

/** Airlock's predicate type; its JSON Schema is schemas/agent-run-v1.schema.json. */
export const AGENT_RUN_PREDICATE_TYPE = 'https://airlock.dev/attestation/agent-run/v1';
/** https://github.com/in-toto/attestation/blob/main/spec/v1/statement.md */
export const IN_TOTO_STATEMENT_TYPE = 'https://in-toto.io/Statement/v1';
export const IN_TOTO_PAYLOAD_TYPE = 'application/vnd.in-toto+json';
/** The subject name of the changeset digest (see changeset-digest.ts). */
export const CHANGESET_SUBJECT = 'changeset';

type Sha256 = { sha256: string };

export interface AgentRunPredicate {
  agent: { identity: string; commandDigest: Sha256; exitCode: number };
  run: {
    serverUrl: string;
    repository: string;
    repositoryId: string;
    workflowRef: string;
    runId: string;
    runAttempt: string;
    ref: string;
    sha: string;
    eventName: string;
    runnerEnvironment?: string;
  };
  inputsDigest: Sha256;
  base: { commit: string };
  changes: { files: number; needsApproval: string[] };
  credentials: { kind: 'github' | 'vault-token' | 'vault-lease' | 'aws-sts' | 'gcp-access-token' | 'azure-access-token'; id: string; scope: string; mintedAt: string; expiresAt: string; revokedAt?: string; role?: string; durationSeconds?: number; revocable?: false; resolvingStoppedAt?: string }[];
  sandbox: {
    backend: 'none' | 'bwrap' | 'container';
    network?: 'host' | 'none' | 'proxy';
    /** With `container`: the engine, and the image by digest. */
    engine?: { name: 'docker' | 'podman'; version: string };
    image?: { reference: string; id: string; repoDigests: readonly string[]; pinned: boolean };
  };
  egress: { mode: 'unrestricted' | 'proxy' | 'none'; enforcement?: 'block' | 'audit'; wouldBlock?: number; allowedHosts?: string[]; requests?: number; blocked?: number; resolutions?: Record<string, number>; policy?: { allowed: number; resolved: number; denied: number } };
  redaction: { outputRedactions: number; tokenisedValues?: number };
  policyDecisions: { policy: string; allow: boolean; decisionDigest?: Sha256 }[];
  timestamps: { startedOn: string; agentStartedOn?: string; agentFinishedOn?: string; finishedOn: string };
}

export interface Statement<P> {
  _type: string;
  subject: { name: string; digest: Record<string, string> }[];
  predicateType: string;
  predicate: P;
}

export function agentRunStatement(changesetDigest: string, predicate: AgentRunPredicate): Statement<AgentRunPredicate> {
  return { _type: IN_TOTO_STATEMENT_TYPE, subject: [{ name: CHANGESET_SUBJECT, digest: { sha256: changesetDigest } }], predicateType: AGENT_RUN_PREDICATE_TYPE, predicate };
}

let compiled: ValidateFunction<AgentRunPredicate> | undefined;
/** Compiled on first use: the Action's main step loads this module but only verifiers validate (ajv's code generation costs tens of ms at start). */
const predicateValidator = (): ValidateFunction<AgentRunPredicate> =>
  (compiled ??= new Ajv({ allErrors: true, formats: { 'date-time': (v: string) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z$/.test(v) && !Number.isNaN(Date.parse(v)) } }).compile<AgentRunPredicate>(schema));

/** Parses a DSSE payload as an agent-run statement; anything else is MALFORMED_STATEMENT. */
export function parseAgentRunStatement(payload: Buffer): Statement<AgentRunPredicate> {
  let value: unknown;
  try {
    value = JSON.parse(payload.toString('utf8'));
  } catch {
    throw new AttestError('MALFORMED_STATEMENT', 'the attestation payload is not JSON');
  }
  const s = value as Partial<Statement<unknown>>;
  if (s?._type !== IN_TOTO_STATEMENT_TYPE) throw new AttestError('MALFORMED_STATEMENT', `the payload is not an in-toto Statement v1 (_type ${JSON.stringify(s?._type)})`);
  if (s.predicateType !== AGENT_RUN_PREDICATE_TYPE) throw new AttestError('MALFORMED_STATEMENT', `predicateType is ${JSON.stringify(s.predicateType)}, expected ${AGENT_RUN_PREDICATE_TYPE}`);
  if (!Array.isArray(s.subject) || s.subject.some((x) => typeof x?.name !== 'string' || typeof x.digest !== 'object' || x.digest === null)) {
    throw new AttestError('MALFORMED_STATEMENT', 'the statement subject must be a list of {name, digest}');
  }
  const validatePredicate = predicateValidator();
  if (!validatePredicate(s.predicate)) {
    const first = validatePredicate.errors?.[0];
    throw new AttestError('MALFORMED_STATEMENT', `the predicate does not match schemas/agent-run-v1.schema.json: ${first?.instancePath || '/'} ${first?.message}`);
  }
  return s as Statement<AgentRunPredicate>;
}
