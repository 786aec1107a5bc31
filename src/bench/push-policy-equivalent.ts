import { decision, type EquivalentDecision, field, fmtV, isObject, objectGet, typeName } from './rego-value-semantics.js';

/*
 * Bench-only: policies/push.rego (package airlock.push) written by hand in TypeScript, the
 * baseline of the policy bench; checked to decide as the Rego on every input of its tests
 * (__tests__/bench/policy-equivalents.test.ts). A change to push.rego needs the same change here.
 */

const REQUIRED: [string[], string][] = [
  [['branch'], 'string'],
  [['protected'], 'boolean'],
  [['actor'], 'object'],
  [['actor', 'login'], 'string'],
  [['actor', 'type'], 'string'],
  [['is_agent'], 'boolean'],
  [['forced'], 'boolean'],
];
const ARTICLES: Record<string, string> = { object: 'an object', string: 'a string', boolean: 'a boolean' };

export function decidePush(input: unknown): EquivalentDecision {
  const hasType = (path: string[], want: string): boolean => typeName(objectGet(input, path, null)) === want;
  const agent = field(input, 'is_agent') !== false;
  const isProtected = field(input, 'protected') !== false;
  const agentOnProtected = agent && isProtected;
  const branch = field(input, 'branch');
  const login = field(field(input, 'actor'), 'login');
  const actor = typeof login === 'string' ? login : '(unknown actor)';
  const refType = field(input, 'ref_type');
  const deny = new Set<string>();
  for (const [path, want] of REQUIRED) {
    if (hasType(path, want)) continue;
    const article = ARTICLES[want];
    if (article !== undefined && (path.length === 1 || isObject(objectGet(input, path.slice(0, -1), null))))
      deny.add(`input.${path.join('.')} must be ${article}; the App builds this document from the push event, so the caller has a bug`);
  }
  if (agentOnProtected && typeof branch === 'string')
    deny.add(`agent ${actor} ${field(input, 'forced') === true ? 'force-pushed to' : 'pushed to'} protected branch ${branch}: agents change protected branches only through a pull request that passes the Airlock gate; revert the push, open a pull request instead, and check why the ruleset let it through`);
  if (agent && refType === 'tag' && typeof branch === 'string')
    deny.add(`agent ${actor} pushed tag ${branch}: publishing needs a human; agents do not create or move tags (release and package workflows publish from them); delete the tag if no person meant it and let a person tag the release`);
  if (agent && refType === 'release' && typeof branch === 'string')
    deny.add(`agent ${actor} created release ${branch}: publishing needs a human; agents do not create or publish releases; a person decides whether it stays`);
  if (isObject(input) && Object.hasOwn(input, 'ref_type') && !['branch', 'tag', 'release'].includes(refType as string))
    deny.add(`input.ref_type must be "branch", "tag" or "release", got ${fmtV(refType)}; the App builds this document from the push or release event, so the caller has a bug`);
  const wellFormed = REQUIRED.every(([p, w]) => hasType(p, w));
  return decision(wellFormed && !agentOnProtected, deny);
}
