import { AttestError } from './attest-error.js';
import { IN_TOTO_STATEMENT_TYPE, type Statement } from './agent-run-statement.js';

/**
 * Statement v0.1 is still what older signers (npm provenance before 2023) write; both versions
 * share the fields read here.
 * https://github.com/in-toto/attestation/blob/main/spec/v1/statement.md
 */
const STATEMENT_TYPES = new Set([IN_TOTO_STATEMENT_TYPE, 'https://in-toto.io/Statement/v0.1']);

/** Parses a verified DSSE payload as an in-toto statement of any predicate type. */
export function parseInTotoStatement(payload: Buffer): Statement<unknown> {
  let value: unknown;
  try {
    value = JSON.parse(payload.toString('utf8'));
  } catch {
    throw new AttestError('MALFORMED_STATEMENT', 'the attestation payload is not JSON');
  }
  const s = value as Partial<Statement<unknown>> | null;
  if (typeof s?._type !== 'string' || !STATEMENT_TYPES.has(s._type)) throw new AttestError('MALFORMED_STATEMENT', `the payload is not an in-toto Statement (_type ${JSON.stringify(s?._type)})`);
  if (typeof s.predicateType !== 'string' || !s.predicateType) throw new AttestError('MALFORMED_STATEMENT', 'the statement has no predicateType');
  if (!Array.isArray(s.subject) || s.subject.some((x) => typeof x?.digest !== 'object' || x.digest === null)) {
    throw new AttestError('MALFORMED_STATEMENT', 'the statement subject must be a list of {name, digest}');
  }
  return s as Statement<unknown>;
}
