import { compare, decision, entries, type EquivalentDecision, field, fmtD, fmtQ, fmtV, isObject, objectGet, typeName, values } from './rego-value-semantics.js';

/*
 * Bench-only: policies/pr.rego (package airlock.pr) written by hand in TypeScript, the baseline of
 * the policy bench; checked to decide as the Rego on every input of its tests
 * (__tests__/bench/policy-equivalents.test.ts). A change to pr.rego needs the same change here.
 * The low-risk lane is off in the shipped policies (no module sets low_risk_lane_enabled), so it
 * never applies here.
 */

const REQUIRED: [string[], string][] = [
  [['pull_request'], 'object'],
  [['pull_request', 'number'], 'number'],
  [['pull_request', 'author'], 'string'],
  [['pull_request', 'head_sha'], 'string'],
  [['pull_request', 'base_ref'], 'string'],
  [['is_agent'], 'boolean'],
  [['changed_files'], 'array'],
  [['approvals'], 'array'],
  [['required_approvals'], 'number'],
  [['approval_paths'], 'array'],
  [['attestation'], 'object'],
  [['attestation', 'status'], 'string'],
  [['secret_findings'], 'object'],
  [['secret_findings', 'status'], 'string'],
];
const ARTICLES: Record<string, string> = { object: 'an object', array: 'an array', string: 'a string', number: 'a number', boolean: 'a boolean' };
const CATEGORY_ORDER = ['workflows', 'policy files', 'agent and developer-tool control files', 'infrastructure-as-code', 'paths listed in approval_paths'];
const IAC_SUFFIXES = ['.tf', '.tfvars', '.tf.json', '.tfvars.json', '.hcl'];
const IAC_DIRS = new Set(['terraform', 'k8s', 'kubernetes', 'helm', 'charts']);
const CONTROL_DIRS = ['.claude/', '.cursor/', '.devcontainer/', '.githooks/', '.husky/'];
const CONTROL_PATHS = new Set(['.mcp.json', '.vscode/tasks.json', '.vscode/settings.json', '.vscode/launch.json', '.github/copilot-instructions.md', 'lefthook.yml', '.pre-commit-config.yaml']);
const CONTROL_NAMES = new Set(['agents.md', 'claude.md', 'claude.local.md', '.cursorrules']);
const APPROVER_PERMISSIONS = new Set(['write', 'maintain', 'admin']);
const ATTESTATION_MESSAGES: Record<string, string> = {
  missing: 'no attestation of the agent run was found for head commit %v; agent changes must come from a run of the Airlock action, which signs one',
  invalid: 'the attestation for head commit %v does not verify (signature, subject digest or signing workflow); do not merge: rerun the agent job and investigate who produced this commit',
  unknown: 'attestation verification for head commit %v did not complete; the gate stays closed until it does (re-run the check)',
};

const basename = (path: string): string => path.slice(path.lastIndexOf('/') + 1);
const workflowFile = (p: string): boolean => p.startsWith('.github/workflows/') || p.startsWith('.github/actions/') || ['action.yml', 'action.yaml'].includes(basename(p));
const containerFile = (n: string): boolean => ['dockerfile', 'containerfile', 'compose.yml', 'compose.yaml'].includes(n) || n.startsWith('dockerfile.') || n.endsWith('.dockerfile') || /^docker-compose[^/]*\.ya?ml$/.test(n);
const iacFile = (p: string): boolean => IAC_SUFFIXES.some((s) => p.endsWith(s)) || p.split('/').some((d) => IAC_DIRS.has(d)) || containerFile(basename(p));
const policyFile = (p: string): boolean => p.startsWith('policies/') || p.startsWith('.github/airlock/') || p === '.github/airlock.yml' || p === '.github/airlock.yaml' || p.endsWith('.rego') || basename(p) === 'codeowners';
const controlFile = (p: string): boolean => CONTROL_DIRS.some((d) => p.startsWith(d)) || CONTROL_PATHS.has(p) || CONTROL_NAMES.has(basename(p));

/** OPA's glob.match with the delimiter "/" (gobwas/glob syntax); undefined for a pattern that does not compile. */
const globs = new Map<string, RegExp | undefined>();
function globMatcher(glob: string): RegExp | undefined {
  if (globs.has(glob)) return globs.get(glob);
  const quote = (c: string): string => c.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
  let i = 0;
  const parse = (inAlt: boolean): string => {
    let s = '';
    while (i < glob.length) {
      const c = glob[i]!;
      if (inAlt && (c === ',' || c === '}')) return s;
      if (c === '\\') {
        if (i + 1 >= glob.length) throw new Error('unexpected end of input');
        s += quote(glob[i + 1]!);
        i += 2;
      } else if (c === '*') {
        s += glob[i + 1] === '*' ? '[\\s\\S]*' : '[^/]*';
        i += glob[i + 1] === '*' ? 2 : 1;
      } else if (c === '?') {
        s += '[^/]';
        i++;
      } else if (c === '[') {
        const end = glob.indexOf(']', i + 2);
        if (end < 0) throw new Error('unexpected end of input');
        let body = glob.slice(i + 1, end);
        const neg = body.startsWith('!');
        if (neg) body = body.slice(1);
        s += `[${neg ? '^' : ''}${body.replace(/\\/g, '\\\\').replace(/\[/g, '\\[')}]`;
        i = end + 1;
      } else if (c === '{') {
        i++;
        const alts: string[] = [];
        for (;;) {
          alts.push(parse(true));
          if (i >= glob.length) throw new Error('unexpected end of input');
          if (glob[i++] === '}') break;
        }
        s += `(?:${alts.join('|')})`;
      } else {
        s += quote(c);
        i++;
      }
    }
    return s;
  };
  let re: RegExp | undefined;
  try {
    re = new RegExp(`^${parse(false)}$`, 'u');
  } catch {
    re = undefined;
  }
  globs.set(glob, re);
  return re;
}

export function decidePr(input: unknown): EquivalentDecision {
  const hasType = (path: string[], want: string): boolean => typeName(objectGet(input, path, null)) === want;
  const pr = field(input, 'pull_request');
  const headSha = field(pr, 'head_sha');
  const author = field(pr, 'author');
  const isAgent = field(input, 'is_agent');
  const agentPr = isAgent !== false;
  const changed = values(field(input, 'changed_files'));
  const approvalPaths = values(field(input, 'approval_paths'));
  const approvals = entries(field(input, 'approvals'));
  const attestation = field(input, 'attestation');
  const attestationStatus = field(attestation, 'status');
  const findings = field(input, 'secret_findings');
  const findingsStatus = field(findings, 'status');

  // sensitive: [file, category] pairs.
  const sensitive = new Map<string, Set<string>>();
  const mark = (file: string, category: string): void => void (sensitive.get(file) ?? sensitive.set(file, new Set()).get(file)!).add(category);
  for (const file of changed) {
    if (typeof file !== 'string') continue;
    const lower = file.toLowerCase();
    if (workflowFile(lower)) mark(file, 'workflows');
    if (iacFile(lower)) mark(file, 'infrastructure-as-code');
    if (policyFile(lower)) mark(file, 'policy files');
    if (controlFile(lower)) mark(file, 'agent and developer-tool control files');
    if (approvalPaths.some((p) => typeof p === 'string' && globMatcher(p)?.test(file) === true)) mark(file, 'paths listed in approval_paths');
  }
  const keys = isObject(input) ? Object.keys(input) : [];
  const complete = field(input, 'changed_files_complete');
  const filesIncomplete = complete === false || (keys.includes('changed_files_complete') && typeof complete !== 'boolean');
  const approvalRequired = agentPr || sensitive.size > 0 || filesIncomplete;
  const required = field(input, 'required_approvals');
  const needed = required === undefined ? undefined : approvalRequired ? (compare(required, 1) > 0 ? required : 1) : required;

  const solo = (a: unknown): boolean => {
    const login = field(a, 'login');
    return field(input, 'solo') === true && field(a, 'is_agent') === false && field(a, 'is_bot') === false && !(typeof login === 'string' && login.toLowerCase().endsWith('[bot]')) && isAgent === false;
  };
  const rejected = new Map<unknown, Set<string>>();
  for (const [i, a] of approvals) {
    const reasons = new Set<string>();
    const sha = field(a, 'sha');
    const login = field(a, 'login');
    const permission = field(a, 'permission');
    const lowerLogin = typeof login === 'string' ? login.toLowerCase() : undefined;
    if (sha !== undefined && headSha !== undefined && compare(sha, headSha) !== 0) reasons.add(`it is for commit ${fmtV(sha)}, not the head commit ${fmtV(headSha)} (approve again after the last push)`);
    if (!APPROVER_PERMISSIONS.has(permission as string) && login !== undefined && permission !== undefined) reasons.add(`${fmtV(login)} has ${fmtV(permission)} access; approvals need write, maintain or admin`);
    if (field(a, 'is_bot') !== false || lowerLogin?.endsWith('[bot]')) reasons.add('bots cannot approve');
    if ((field(a, 'is_author') !== false || (lowerLogin !== undefined && typeof author === 'string' && lowerLogin === author.toLowerCase())) && !solo(a)) reasons.add('the author cannot approve their own pull request');
    if (field(a, 'is_agent') !== false) reasons.add('agents cannot approve');
    if (typeof login !== 'string') reasons.add('it names no login');
    if (!isObject(a)) reasons.add('it is not an object');
    if (reasons.size > 0) rejected.set(i, reasons);
  }
  const validApprovers = new Set(approvals.flatMap(([i, a]) => (rejected.has(i) || typeof field(a, 'login') !== 'string' ? [] : [(field(a, 'login') as string).toLowerCase()])));
  const have = validApprovers.size;
  const approved = needed !== undefined && compare(have, needed) >= 0;

  const deny = new Set<string>();
  const add = (parts: unknown[], text: () => string): void => {
    if (parts.every((p) => p !== undefined)) deny.add(text());
  };
  for (const [path, want] of REQUIRED) {
    if (hasType(path, want)) continue;
    if (path.length === 1 || isObject(objectGet(input, path.slice(0, -1), null)))
      deny.add(`input.${path.join('.')} must be ${ARTICLES[want]}; the App builds this document from the pull request, its reviews, the scan and the attestation check, so the caller has a bug`);
  }
  const number = field(pr, 'number');
  if (approvalRequired && !approved && agentPr)
    add([number, author, needed, headSha], () => `pull request #${fmtV(number)} was opened by an agent (${fmtV(author)}): it needs ${fmtV(needed)} approval(s) on head commit ${fmtV(headSha)} from people with write access who are not the author, an agent or a bot; it has ${fmtD(have)}`);
  if (approvalRequired && !approved) {
    const primary = (file: string): string => CATEGORY_ORDER.find((c) => sensitive.get(file)!.has(c))!;
    const byCategory = new Map<string, string[]>();
    for (const file of sensitive.keys()) (byCategory.get(primary(file)) ?? byCategory.set(primary(file), []).get(primary(file))!).push(file);
    for (const [category, files] of byCategory)
      add([needed, headSha], () => `changes to ${category} need human approval (${fmtV(needed)} on head commit ${fmtV(headSha)}, from someone with write access who is not the author, an agent or a bot; it has ${fmtD(have)}): ${files.sort().join(', ')}`);
  }
  if (filesIncomplete && !approved)
    add([needed, headSha], () => `the list of changed files is incomplete (GitHub lists at most 3000), so workflow, infrastructure and policy changes cannot be ruled out: it needs ${fmtV(needed)} approval(s) on head commit ${fmtV(headSha)}; it has ${fmtD(have)}`);
  if (!approvalRequired && !approved) add([number, needed, headSha], () => `pull request #${fmtV(number)} needs ${fmtV(needed)} approval(s) on head commit ${fmtV(headSha)}; it has ${fmtD(have)}`);
  if (!approved) {
    const list = field(input, 'approvals');
    for (const [i, reasons] of rejected) {
      const login = field(Array.isArray(list) ? list[i as number] : field(list, i), 'login');
      for (const reason of reasons) deny.add(`approval by ${typeof login === 'string' ? login : '(no login)'} does not count: ${reason}`);
    }
  }
  for (const file of changed) if (typeof file !== 'string') deny.add(`changed_files must hold repository paths as strings, got ${fmtV(file)}; the caller has a bug`);
  for (const pattern of approvalPaths)
    if (typeof pattern !== 'string' || globMatcher(pattern) === undefined) deny.add(`approval_paths entry ${fmtV(pattern)} is not a valid glob pattern; fix it in the Airlock configuration (e.g. "deploy/**")`);
  const attestationOk = attestationStatus === 'verified' || (!agentPr && (attestationStatus === 'missing' || attestationStatus === 'unknown'));
  if (!attestationOk && typeof attestationStatus === 'string' && Object.hasOwn(ATTESTATION_MESSAGES, attestationStatus))
    add([headSha], () => ATTESTATION_MESSAGES[attestationStatus]!.replace('%v', fmtV(headSha)));
  if (typeof attestationStatus === 'string' && !['verified', 'missing', 'invalid', 'unknown'].includes(attestationStatus))
    deny.add(`attestation status ${fmtQ(attestationStatus)} is not one of verified, missing, invalid, unknown`);
  if (findingsStatus === 'found') {
    const n = objectGet(findings, 'count', 'some');
    deny.add(`the secret scan found ${fmtV(n)} secret(s) in this pull request; remove them from the branch (rewrite its history) and rotate every exposed credential`);
  }
  if (findingsStatus === 'unknown') deny.add('the secret scan of this pull request did not complete; the gate stays closed until a scan of the head commit succeeds (re-run the check)');
  if (typeof findingsStatus === 'string' && !['clean', 'found', 'unknown'].includes(findingsStatus))
    deny.add(`secret scan status ${fmtQ(findingsStatus)} is not one of clean, found, unknown`);
  const wellFormed = REQUIRED.every(([p, w]) => hasType(p, w));
  return decision(wellFormed && approved && attestationOk && findingsStatus === 'clean', deny);
}
