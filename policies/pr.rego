# Airlock's default policy for the pull request gate (one check run per head commit). A pull
# request passes only if:
# - an agent's pull request, and any change to workflows, infrastructure-as-code or policy
#   files, carries human approval bound to the head commit, from someone with write access who
#   is not the author, not an agent and not a bot (invariant 6: agents cannot approve);
# - an agent's pull request carries a verified attestation of the run that produced it;
# - the secret scan of the diff completed and found nothing.
# Input: policies/schemas/pr-input.schema.json.
package airlock.pr

import rego.v1

default allow := false

# Fail closed: anything but an explicit `false` counts as an agent's pull request.
agent_pr if not input.is_agent == false

required_fields := [
	[["pull_request"], "object"],
	[["pull_request", "number"], "number"],
	[["pull_request", "author"], "string"],
	[["pull_request", "head_sha"], "string"],
	[["pull_request", "base_ref"], "string"],
	[["is_agent"], "boolean"],
	[["changed_files"], "array"],
	[["approvals"], "array"],
	[["required_approvals"], "number"],
	[["approval_paths"], "array"],
	[["attestation"], "object"],
	[["attestation", "status"], "string"],
	[["secret_findings"], "object"],
	[["secret_findings", "status"], "string"],
]

articles := {"object": "an object", "array": "an array", "string": "a string", "number": "a number", "boolean": "a boolean"}

has_type(path, want) if {
	value := object.get(input, path, null)
	type_name(value) == want
}

parent_present(path) if count(path) == 1

parent_present(path) if {
	parent := object.get(input, array.slice(path, 0, count(path) - 1), null)
	is_object(parent)
}

well_formed if {
	every field in required_fields {
		has_type(field[0], field[1])
	}
}

deny contains msg if {
	some field in required_fields
	[path, want] := field
	not has_type(path, want)
	parent_present(path)
	msg := sprintf("input.%s must be %s; the App builds this document from the pull request, its reviews, the scan and the attestation check, so the caller has a bug", [concat(".", path), articles[want]])
}

# --- Which changes need a human -------------------------------------------------------------

# Built-in categories compare lower-cased paths: a stricter match costs an approval, a looser
# one could let a workflow change through.
workflow_file(path) if startswith(path, ".github/workflows/")

workflow_file(path) if startswith(path, ".github/actions/")

# A composite action anywhere can be called from a workflow with `uses: ./dir`.
workflow_file(path) if basename(path) in {"action.yml", "action.yaml"}

iac_file(path) if {
	some suffix in {".tf", ".tfvars", ".tf.json", ".tfvars.json", ".hcl"}
	endswith(path, suffix)
}

iac_file(path) if {
	some dir in split(path, "/")
	dir in {"terraform", "k8s", "kubernetes", "helm", "charts"}
}

iac_file(path) if {
	name := basename(path)
	container_file(name)
}

container_file(name) if name in {"dockerfile", "containerfile", "compose.yml", "compose.yaml"}

container_file(name) if startswith(name, "dockerfile.")

container_file(name) if endswith(name, ".dockerfile")

container_file(name) if regex.match(`^docker-compose[^/]*\.ya?ml$`, name)

# What judges the agent must not change without a human (invariant 6).
policy_file(path) if startswith(path, "policies/")

policy_file(path) if startswith(path, ".github/airlock/")

policy_file(path) if path in {".github/airlock.yml", ".github/airlock.yaml"}

policy_file(path) if endswith(path, ".rego")

policy_file(path) if basename(path) == "codeowners"

# Files that make an agent, an editor or git run commands or change its instructions the next
# time someone opens the repository (threat D.24-25): hooks, MCP servers, tasks, dev containers.
control_file(path) if {
	some dir in {".claude/", ".cursor/", ".devcontainer/", ".githooks/", ".husky/"}
	startswith(path, dir)
}

control_file(path) if path in {".mcp.json", ".vscode/tasks.json", ".vscode/settings.json", ".vscode/launch.json", ".github/copilot-instructions.md", "lefthook.yml", ".pre-commit-config.yaml"}

control_file(path) if basename(path) in {"agents.md", "claude.md", "claude.local.md", ".cursorrules"}

basename(path) := name if {
	parts := split(path, "/")
	name := parts[count(parts) - 1]
}

sensitive contains [file, "workflows"] if {
	some file in input.changed_files
	workflow_file(lower(file))
}

sensitive contains [file, "infrastructure-as-code"] if {
	some file in input.changed_files
	iac_file(lower(file))
}

sensitive contains [file, "policy files"] if {
	some file in input.changed_files
	policy_file(lower(file))
}

sensitive contains [file, "agent and developer-tool control files"] if {
	some file in input.changed_files
	control_file(lower(file))
}

sensitive contains [file, "paths listed in approval_paths"] if {
	some file in input.changed_files
	some pattern in input.approval_paths
	glob.match(pattern, ["/"], file)
}

approval_required if {
	agent_pr
	not low_risk_lane
}

approval_required if count(sensitive) > 0

# GitHub lists at most 3000 files of a pull request: a list known to be cut short can hide any
# of the changes above (https://docs.github.com/en/rest/pulls/pulls#list-pull-requests-files).
approval_required if files_incomplete

files_incomplete if input.changed_files_complete == false

files_incomplete if {
	"changed_files_complete" in object.keys(input)
	not is_boolean(input.changed_files_complete)
}

needed := 0 if low_risk_lane

needed := max([1, input.required_approvals]) if {
	not low_risk_lane
	approval_required
}

needed := input.required_approvals if {
	not low_risk_lane
	not approval_required
}

# --- The low-risk lane (off by default) -------------------------------------------------------

# An organisation may let an agent's pull request through without a human when its run was
# attested, sandboxed, refused and redacted nothing, and changed only low-risk files. Off unless a
# module of this package sets `low_risk_lane_enabled := true`; it may also set `low_risk_globs`
# (the files that count as low-risk). Every other rule still applies: a workflow, policy, control
# or approval_paths file, an incomplete file list or a secret finding keeps a human in the loop.
# The gate's check run states when this lane approved a pull request (policies/README.md).
default low_risk_lane_enabled := false

# Prose only: formats no build, editor or agent executes.
default low_risk_globs := ["**.md", "**.txt", "**.rst", "**.adoc"]

low_risk_lane if {
	low_risk_lane_enabled == true
	input.is_agent == true
	input.attestation.status == "verified"
	input.attestation.sandbox.backend in {"bwrap", "container"}
	input.attestation.agent.exitCode == 0
	run_refused_nothing
	run_credentials_ended
	count(input.attestation.changes.needsApproval) == 0
	input.secret_findings.status == "clean"
	input.changed_files_complete == true
	count(input.changed_files) > 0
	count(sensitive) == 0
	every file in input.changed_files {
		low_risk_file(file)
	}
}

# Its network went through the proxy (or there was none), which blocked nothing, would have
# blocked nothing, and the egress policy, the broker and the output redaction did not step in.
run_refused_nothing if {
	egress := input.attestation.egress
	egress.mode in {"proxy", "none"}
	object.get(egress, "enforcement", "block") == "block"
	object.get(egress, "blocked", 0) == 0
	object.get(egress, "wouldBlock", 0) == 0
	object.get(egress, ["policy", "denied"], 0) == 0
	object.get(input.attestation, ["redaction", "outputRedactions"], 0) == 0
	every decision in object.get(input.attestation, "policyDecisions", []) {
		decision.allow == true
	}
}

# Each credential was revoked at the end, or (one nothing can revoke) stopped being resolved.
run_credentials_ended if {
	every credential in input.attestation.credentials {
		credential_ended(credential)
	}
}

credential_ended(credential) if is_string(credential.revokedAt)

credential_ended(credential) if {
	credential.revocable == false
	is_string(credential.resolvingStoppedAt)
}

low_risk_file(file) if {
	is_string(file)
	some pattern in low_risk_globs
	glob.match(lower(pattern), ["/"], lower(file))
}

# --- Who counts as an approver ----------------------------------------------------------------

approver_permissions := {"write", "maintain", "admin"}

# Why each approval (by index) does not count; an approval with no reason counts.
rejected contains [i, sprintf("it is for commit %v, not the head commit %s (approve again after the last push)", [a.sha, input.pull_request.head_sha])] if {
	some i, a in input.approvals
	a.sha != input.pull_request.head_sha
}

rejected contains [i, sprintf("%v has %v access; approvals need write, maintain or admin", [a.login, a.permission])] if {
	some i, a in input.approvals
	not a.permission in approver_permissions
}

rejected contains [i, "bots cannot approve"] if {
	some i, a in input.approvals
	not a.is_bot == false
}

rejected contains [i, "bots cannot approve"] if {
	some i, a in input.approvals
	endswith(lower(a.login), "[bot]")
}

# Solo mode (.github/airlock.yml `solo: true`, for a repository with one maintainer): a human
# author may approve their own pull request. Agents and bots never can (rules below).
solo_author_approval(a) if {
	input.solo == true
	a.is_agent == false
	a.is_bot == false
	not endswith(lower(a.login), "[bot]")
	input.is_agent == false
}

rejected contains [i, "the author cannot approve their own pull request"] if {
	some i, a in input.approvals
	not a.is_author == false
	not solo_author_approval(a)
}

rejected contains [i, "the author cannot approve their own pull request"] if {
	some i, a in input.approvals
	lower(a.login) == lower(input.pull_request.author)
	not solo_author_approval(a)
}

rejected contains [i, "agents cannot approve"] if {
	some i, a in input.approvals
	not a.is_agent == false
}

rejected contains [i, "it names no login"] if {
	some i, a in input.approvals
	not is_string(a.login)
}

rejected contains [i, "it is not an object"] if {
	some i, a in input.approvals
	not is_object(a)
}

# Distinct people (case-insensitive logins): one person approving twice counts once.
valid_approvers contains lower(a.login) if {
	some i, a in input.approvals
	not has_rejection(i)
}

has_rejection(i) if {
	some r in rejected
	r[0] == i
}

approved if count(valid_approvers) >= needed

deny contains msg if {
	approval_required
	not approved
	agent_pr
	msg := sprintf("pull request #%v was opened by an agent (%v): it needs %v approval(s) on head commit %v from people with write access who are not the author, an agent or a bot; it has %d", [input.pull_request.number, input.pull_request.author, needed, input.pull_request.head_sha, count(valid_approvers)])
}

# A file in several categories (a workflow under an approval_paths glob) is named once, under the
# first that applies, so a reader sees one line per file.
category_order := ["workflows", "policy files", "agent and developer-tool control files", "infrastructure-as-code", "paths listed in approval_paths"]

primary_category(file) := [c | some c in category_order; [file, c] in sensitive][0]

deny contains msg if {
	approval_required
	not approved
	some category in {primary_category(s[0]) | some s in sensitive}
	files := sort({s[0] | some s in sensitive; primary_category(s[0]) == category})
	msg := sprintf("changes to %s need human approval (%v on head commit %v, from someone with write access who is not the author, an agent or a bot; it has %d): %s", [category, needed, input.pull_request.head_sha, count(valid_approvers), concat(", ", files)])
}

deny contains msg if {
	files_incomplete
	not approved
	msg := sprintf("the list of changed files is incomplete (GitHub lists at most 3000), so workflow, infrastructure and policy changes cannot be ruled out: it needs %v approval(s) on head commit %v; it has %d", [needed, input.pull_request.head_sha, count(valid_approvers)])
}

deny contains msg if {
	not approval_required
	not approved
	msg := sprintf("pull request #%v needs %v approval(s) on head commit %v; it has %d", [input.pull_request.number, needed, input.pull_request.head_sha, count(valid_approvers)])
}

# Say why approvals that were given do not count, when it matters.
deny contains msg if {
	not approved
	some r in rejected
	[i, reason] := r
	msg := sprintf("approval by %v does not count: %s", [approver_name(input.approvals[i]), reason])
}

approver_name(a) := a.login if {
	is_string(a.login)
} else := "(no login)"

deny contains msg if {
	some file in input.changed_files
	not is_string(file)
	msg := sprintf("changed_files must hold repository paths as strings, got %v; the caller has a bug", [file])
}

# An invalid pattern would match nothing and silently drop the requirement it states.
deny contains msg if {
	some pattern in input.approval_paths
	not valid_glob(pattern)
	msg := sprintf("approval_paths entry %v is not a valid glob pattern; fix it in the Airlock configuration (e.g. \"deploy/**\")", [pattern])
}

valid_glob(pattern) if {
	is_string(pattern)
	# Defined (true or false) for a valid pattern, undefined when the pattern does not compile.
	is_boolean(glob.match(pattern, ["/"], ""))
}

# --- Attestation and secret scan --------------------------------------------------------------

attestation_messages := {
	"missing": "no attestation of the agent run was found for head commit %v; agent changes must come from a run of the Airlock action, which signs one",
	"invalid": "the attestation for head commit %v does not verify (signature, subject digest or signing workflow); do not merge: rerun the agent job and investigate who produced this commit",
	"unknown": "attestation verification for head commit %v did not complete; the gate stays closed until it does (re-run the check)",
}

attestation_ok if input.attestation.status == "verified"

attestation_ok if {
	not agent_pr
	input.attestation.status in {"missing", "unknown"}
}

deny contains msg if {
	not attestation_ok
	template := attestation_messages[input.attestation.status]
	msg := sprintf(template, [input.pull_request.head_sha])
}

deny contains msg if {
	is_string(input.attestation.status)
	not input.attestation.status in {"verified", "missing", "invalid", "unknown"}
	msg := sprintf("attestation status %q is not one of verified, missing, invalid, unknown", [input.attestation.status])
}

deny contains msg if {
	input.secret_findings.status == "found"
	msg := sprintf("the secret scan found %v secret(s) in this pull request; remove them from the branch (rewrite its history) and rotate every exposed credential", [object.get(input.secret_findings, "count", "some")])
}

deny contains "the secret scan of this pull request did not complete; the gate stays closed until a scan of the head commit succeeds (re-run the check)" if {
	input.secret_findings.status == "unknown"
}

deny contains msg if {
	is_string(input.secret_findings.status)
	not input.secret_findings.status in {"clean", "found", "unknown"}
	msg := sprintf("secret scan status %q is not one of clean, found, unknown", [input.secret_findings.status])
}

# Stated positively as well as through `deny`, so a deny rule that fails to fire on odd input
# cannot by itself let a pull request through.
allow if {
	well_formed
	count(deny) == 0
	approved
	attestation_ok
	input.secret_findings.status == "clean"
}
