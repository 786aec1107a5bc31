import { AttestError } from './attest-error.js';
import { IN_TOTO_STATEMENT_TYPE, type Statement } from './agent-run-statement.js';

/** SLSA Verification Summary Attestation: https://slsa.dev/spec/v1.0/verification_summary */
export const VERDICT_PREDICATE_TYPE = 'https://slsa.dev/verification_summary/v1';
/** The level a passing gate decision vouches for (VSA allows `<ORG>_<PROPERTY>` names). */
export const GATE_LEVEL = 'AIRLOCK_PR_GATE_V1';

export interface VerdictPredicate {
  verifier: { id: string };
  timeVerified: string;
  resourceUri: string;
  policy: { uri: string; digest: { sha256: string } };
  inputAttestations: { uri: string; digest: { sha256: string } }[];
  verificationResult: 'PASSED' | 'FAILED';
  verifiedLevels: string[];
  /** Airlock's own fields: what the decision rested on. */
  airlock: {
    pullRequest: number;
    inputDigest: { sha256: string };
    attestation: string;
    approvals: { login: string; via: string }[];
    deny: string[];
    override?: { login: string; reason: string };
  };
}

export interface VerdictFacts {
  verifierId: string;
  repositoryUrl: string;
  headSha: string;
  changesetDigest?: string;
  passed: boolean;
  policyDigest: string;
  inputDigest: string;
  /** sha256 of the verified agent-run statement, when there was one. */
  agentRunDigest?: string;
  attestation: string;
  pullRequest: number;
  approvals: { login: string; via: string }[];
  deny: string[];
  override?: { login: string; reason: string };
  time: string;
}

/** The gate's decision as an in-toto statement about the head commit (and the changeset it carries). */
export function verdictStatement(f: VerdictFacts): Statement<VerdictPredicate> {
  const subject: Statement<VerdictPredicate>['subject'] = [{ name: 'git+commit', digest: { gitCommit: f.headSha } }];
  if (f.changesetDigest) subject.push({ name: 'changeset', digest: { sha256: f.changesetDigest } });
  return {
    _type: IN_TOTO_STATEMENT_TYPE,
    subject,
    predicateType: VERDICT_PREDICATE_TYPE,
    predicate: {
      verifier: { id: f.verifierId },
      timeVerified: f.time,
      resourceUri: `git+${f.repositoryUrl}@${f.headSha}`,
      policy: { uri: 'airlock.pr', digest: { sha256: f.policyDigest } },
      inputAttestations: f.agentRunDigest ? [{ uri: 'airlock:agent-run', digest: { sha256: f.agentRunDigest } }] : [],
      verificationResult: f.passed ? 'PASSED' : 'FAILED',
      verifiedLevels: f.passed ? [GATE_LEVEL] : [],
      airlock: { pullRequest: f.pullRequest, inputDigest: { sha256: f.inputDigest }, attestation: f.attestation, approvals: f.approvals, deny: f.deny, ...(f.override ? { override: f.override } : {}) },
    },
  };
}

export function parseVerdictStatement(payload: Buffer): Statement<VerdictPredicate> {
  let s: Partial<Statement<Partial<VerdictPredicate>>>;
  try {
    s = JSON.parse(payload.toString('utf8')) as typeof s;
  } catch {
    throw new AttestError('MALFORMED_STATEMENT', 'the verdict payload is not JSON');
  }
  const p = s?.predicate;
  if (s?._type !== IN_TOTO_STATEMENT_TYPE || s.predicateType !== VERDICT_PREDICATE_TYPE || !Array.isArray(s.subject) || !p) {
    throw new AttestError('MALFORMED_STATEMENT', `not an Airlock verdict (predicateType ${JSON.stringify(s?.predicateType)}, expected ${VERDICT_PREDICATE_TYPE})`);
  }
  if ((p.verificationResult !== 'PASSED' && p.verificationResult !== 'FAILED') || !Array.isArray(p.inputAttestations) || !Array.isArray(p.verifiedLevels) || typeof p.airlock !== 'object') {
    throw new AttestError('MALFORMED_STATEMENT', 'the verdict predicate lacks verificationResult, verifiedLevels, inputAttestations or airlock');
  }
  return s as Statement<VerdictPredicate>;
}
