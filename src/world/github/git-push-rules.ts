import type { Caller } from './route-types.js';
import { bindingTagRulesets, refUpdateViolation } from './ruleset-enforcement.js';
import type { WorldRepo, WorldState } from './world-state.js';

/** The environment variable that carries, to the `update` hook, what this push may not do. */
export const REF_RULES_VARIABLE = 'AIRLOCK_WORLD_REF_RULES';

/**
 * The `update` hook every mirrored repository carries (https://git-scm.com/docs/githooks#update):
 * git runs it once per ref a push changes, after the pack arrived and before the ref moves, so it
 * can tell fast-forwards from the rest with `git merge-base --is-ancestor`. It knows nothing of
 * the world: each receive-pack request passes it one line per ruled ref,
 * `<ref pattern> TAB always|create|update|delete|non-fast-forward TAB <message>`, computed by
 * `refRules` below (a branch line names one existing branch; git forbids `*?[\` in ref names, so
 * the name is its own pattern), and it
 * refuses a push that arrives without them. Refused refs are reported to the client as GitHub
 * words it (`GH013: Repository rule violations found`).
 */
export const UPDATE_HOOK = `#!/bin/sh
if [ -z "\${${REF_RULES_VARIABLE}+set}" ]; then
  echo "error: local world: this push came without ruleset decisions; refusing it" >&2
  exit 1
fi
ref="$1" old="$2" new="$3"
zero=0000000000000000000000000000000000000000
tab=$(printf '\\t')
while IFS="$tab" read -r name when message; do
  case "$ref" in $name) ;; *) continue ;; esac
  refuse=
  case "$when" in
    always) refuse=1 ;;
    create) [ "$old" = "$zero" ] && refuse=1 ;;
    update) [ "$old" != "$zero" ] && [ "$new" != "$zero" ] && refuse=1 ;;
    delete) [ "$new" = "$zero" ] && refuse=1 ;;
    non-fast-forward)
      if [ "$new" = "$zero" ] || { [ "$old" != "$zero" ] && ! git merge-base --is-ancestor "$old" "$new" 2>/dev/null; }; then refuse=1; fi ;;
  esac
  if [ -n "$refuse" ]; then
    echo "error: GH013: Repository rule violations found for $ref." >&2
    echo "$message" >&2
    exit 1
  fi
done <<EOF
$${REF_RULES_VARIABLE}
EOF
exit 0
`;

/**
 * What the world's rulesets and branch protections forbid `caller` to do to the repository's
 * existing branches, decided by `refUpdateViolation` exactly as the REST ref routes decide it:
 * a rule that refuses every update (`update`, `pull_request`, classic required reviews) gives
 * `always`; one that refuses only rewrites (`non_fast_forward`) gives `non-fast-forward`.
 * Creating a branch is not checked, as `git/create-ref` does not check it. Deleting a ruled
 * branch is judged as a non-fast-forward update (the model has no separate deletion rule), so a
 * ruleset that blocks force pushes also blocks deleting the branch it covers.
 */
export function refRules(state: WorldState, repo: WorldRepo, caller: Caller): string {
  const lines: string[] = [];
  for (const ref of repo.refs.keys()) {
    if (!ref.startsWith('heads/')) continue;
    const always = refUpdateViolation(state, repo, ref, { fastForward: true, actor: caller });
    const rewrite = always ?? refUpdateViolation(state, repo, ref, { fastForward: false, actor: caller });
    if (rewrite) lines.push([`refs/${ref}`, always ? 'always' : 'non-fast-forward', rewrite.replace(/[\t\r\n]+/g, ' ')].join('\t'));
  }
  return [...lines, ...tagRuleLines(state, repo, caller)].join('\n');
}

const TAG_RULE_WHEN: Record<string, { when: string; message: string }> = {
  creation: { when: 'create', message: 'Cannot create ref due to creations being restricted.' },
  update: { when: 'update', message: 'Cannot update this protected ref.' },
  deletion: { when: 'delete', message: 'Cannot delete this protected ref.' },
  non_fast_forward: { when: 'non-fast-forward', message: 'Cannot force-push to this ref.' },
};

/**
 * Tag rulesets as hook lines, one per included pattern and rule. A pushed tag may not exist yet,
 * so lines carry patterns: `~ALL` is `refs/tags/*`, an fnmatch `**` a shell `*`. The hook's shell
 * patterns let `*` cross `/` and exclusions are not modelled, so the world may refuse a tag GitHub
 * would let through, never the reverse.
 */
function tagRuleLines(state: WorldState, repo: WorldRepo, caller: Caller): string[] {
  const lines: string[] = [];
  for (const { id, body } of bindingTagRulesets(state, repo, caller))
    for (const include of body.conditions?.ref_name?.include ?? []) {
      const pattern = include === '~ALL' ? 'refs/tags/*' : include.startsWith('refs/tags/') ? include.replace(/\*\*/g, '*') : undefined;
      if (!pattern) continue;
      for (const rule of body.rules ?? []) {
        const mapped = TAG_RULE_WHEN[rule.type];
        if (mapped) lines.push([pattern, mapped.when, `- ${mapped.message} (ruleset ${id})`].join('\t'));
      }
    }
  return lines;
}
