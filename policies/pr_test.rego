# Unit tests for airlock.pr. `inputs` holds every well-formed input these tests use and
# `malformed` the ill-formed ones; the jest suite checks each against
# policies/schemas/pr-input.schema.json and replays each through the OPA REST backend.
package airlock.pr_test

import data.airlock.pr
import rego.v1

head := "3f1c2a9b8e7d6c5b4a39281706f5e4d3c2b1a098"

old := "0a1b2c3d4e5f60718293a4b5c6d7e8f901234567"

alice := {"login": "alice", "sha": head, "permission": "write", "is_bot": false, "is_author": false, "is_agent": false}

base := {
	"pull_request": {"number": 42, "author": "airlock-agent[bot]", "head_sha": head, "base_ref": "main"},
	"is_agent": true,
	"changed_files": ["src/app.ts", "README.md"],
	"approvals": [alice],
	"required_approvals": 1,
	"approval_paths": ["deploy/**"],
	"attestation": {"status": "verified"},
	"secret_findings": {"status": "clean", "count": 0},
}

# A pull request by a human: no attestation, no approval asked for by default.
human := json.patch(base, [
	{"op": "replace", "path": "/pull_request/author", "value": "bob"},
	{"op": "replace", "path": "/is_agent", "value": false},
	{"op": "replace", "path": "/approvals", "value": []},
	{"op": "replace", "path": "/required_approvals", "value": 0},
	{"op": "replace", "path": "/attestation/status", "value": "missing"},
])

approved_by(doc, approvals) := json.patch(doc, [{"op": "replace", "path": "/approvals", "value": approvals}])

changing(doc, files) := json.patch(doc, [{"op": "replace", "path": "/changed_files", "value": files}])

with_approver(fields) := approved_by(base, [object.union(alice, fields)])

inputs["allow_agent_pr_approved"] := base

inputs["allow_human_pr_plain"] := human

inputs["allow_human_workflow_change_approved"] := approved_by(changing(human, [".github/workflows/ci.yml"]), [alice])

inputs["allow_two_approvers_maintain_and_admin"] := json.patch(base, [
	{"op": "replace", "path": "/required_approvals", "value": 2},
	{"op": "replace", "path": "/approvals", "value": [
		object.union(alice, {"permission": "maintain"}),
		object.union(alice, {"login": "carol", "permission": "admin"}),
	]},
])

inputs["deny_agent_pr_unapproved"] := approved_by(base, [])

inputs["deny_approval_stale_sha"] := with_approver({"sha": old})

inputs["deny_approval_by_author_flag"] := with_approver({"is_author": true})

inputs["deny_approval_by_author_login"] := json.patch(base, [{"op": "replace", "path": "/pull_request/author", "value": "Alice"}])

inputs["deny_approval_by_bot_flag"] := with_approver({"is_bot": true})

inputs["deny_approval_by_bot_login"] := with_approver({"login": "helper[bot]"})

inputs["deny_approval_by_agent"] := with_approver({"is_agent": true})

inputs["allow_solo_author_approves_own_human_pr"] := object.union(
	approved_by(changing(human, [".github/workflows/ci.yml"]), [object.union(alice, {"is_author": true})]),
	{"solo": true, "pull_request": object.union(human.pull_request, {"author": "alice"})},
)

inputs["deny_solo_author_approval_of_agent_pr"] := object.union(with_approver({"is_author": true}), {"solo": true})

inputs["deny_approval_with_triage_access"] := with_approver({"permission": "triage"})

inputs["deny_same_person_twice"] := json.patch(base, [
	{"op": "replace", "path": "/required_approvals", "value": 2},
	{"op": "replace", "path": "/approvals", "value": [alice, object.union(alice, {"login": "ALICE"})]},
])

inputs["deny_human_pr_below_required"] := json.patch(human, [{"op": "replace", "path": "/required_approvals", "value": 1}])

inputs["deny_workflow_change"] := changing(human, [".github/workflows/ci.yml", "src/a.ts"])

inputs["deny_workflow_change_case_variant"] := changing(human, [".GitHub/Workflows/CI.yml"])

inputs["deny_local_action_change"] := changing(human, [".github/actions/setup/action.yml"])

inputs["deny_composite_action_change"] := changing(human, ["tools/release/action.yaml"])

inputs["deny_terraform_change"] := changing(human, ["infra/main.tf", "infra/prod.tfvars"])

inputs["deny_terraform_dir_change"] := changing(human, ["terraform/modules/vpc/README.md"])

inputs["deny_k8s_change"] := changing(human, ["k8s/deployment.yaml"])

inputs["deny_helm_change"] := changing(human, ["deploy/helm/values.yaml"])

inputs["deny_dockerfile_change"] := changing(human, ["services/api/Dockerfile"])

inputs["deny_dockerfile_variant_change"] := changing(human, ["Dockerfile.prod", "docker-compose.override.yml"])

inputs["deny_policy_change"] := changing(human, ["policies/pr.rego"])

inputs["deny_airlock_config_change"] := changing(human, [".github/airlock/agent.sts.yaml", ".github/airlock.yml"])

inputs["deny_codeowners_change"] := changing(human, [".github/CODEOWNERS"])

inputs["deny_claude_hooks_change"] := changing(human, [".claude/settings.json"])

inputs["deny_mcp_and_agents_md_change"] := changing(human, [".mcp.json", "docs/AGENTS.md"])

inputs["deny_incomplete_file_list"] := json.patch(human, [{"op": "add", "path": "/changed_files_complete", "value": false}])

inputs["allow_incomplete_file_list_approved"] := json.patch(approved_by(human, [alice]), [{"op": "add", "path": "/changed_files_complete", "value": false}])

inputs["allow_complete_file_list_flag"] := json.patch(human, [{"op": "add", "path": "/changed_files_complete", "value": true}])

inputs["deny_approval_paths_change"] := changing(human, ["deploy/prod/settings.env"])

inputs["deny_workflow_in_approval_paths"] := json.patch(changing(human, [".github/workflows/ci.yml"]), [{"op": "replace", "path": "/approval_paths", "value": [".github/**"]}])

inputs["deny_invalid_approval_glob"] := json.patch(human, [{"op": "replace", "path": "/approval_paths", "value": ["deploy/[", "deploy/**"]}])

inputs["deny_agent_workflow_change_reports_both"] := changing(approved_by(base, []), [".github/workflows/agent.yml"])

inputs["deny_attestation_missing"] := json.patch(base, [{"op": "replace", "path": "/attestation/status", "value": "missing"}])

inputs["deny_attestation_invalid"] := json.patch(base, [{"op": "replace", "path": "/attestation/status", "value": "invalid"}])

inputs["deny_attestation_unknown"] := json.patch(base, [{"op": "replace", "path": "/attestation/status", "value": "unknown"}])

inputs["deny_human_pr_attestation_invalid"] := json.patch(human, [{"op": "replace", "path": "/attestation/status", "value": "invalid"}])

inputs["deny_secrets_found"] := json.patch(base, [{"op": "replace", "path": "/secret_findings", "value": {"status": "found", "count": 2}}])

inputs["deny_secrets_unknown"] := json.patch(base, [{"op": "replace", "path": "/secret_findings", "value": {"status": "unknown", "count": 0}}])

inputs["deny_human_pr_secrets_found"] := json.patch(human, [{"op": "replace", "path": "/secret_findings", "value": {"status": "found", "count": 1}}])

# The low-risk lane: a verified run in a sandbox that refused and redacted nothing, ended its
# credentials and changed only prose, with no human approval.
digest := "9b74c9897bac770ffc029102a200c5de2b6e0a1f3d6c3c1e4f5a6b7c8d9e0f1a"

sandboxed_run := {
	"status": "verified",
	"agent": {"identity": "docs-agent", "commandDigest": {"sha256": digest}, "exitCode": 0},
	"sandbox": {"backend": "bwrap", "network": "proxy"},
	"egress": {"mode": "proxy", "enforcement": "block", "requests": 4, "blocked": 0, "resolutions": {"github-token": 2}},
	"redaction": {"outputRedactions": 0},
	"credentials": [{"kind": "github", "id": "tok-1", "scope": "contents: write", "mintedAt": "2026-01-01T00:00:00Z", "expiresAt": "2026-01-01T01:00:00Z", "revokedAt": "2026-01-01T00:10:00Z"}],
	"changes": {"files": 2, "needsApproval": []},
	"policyDecisions": [{"policy": "airlock.sts", "allow": true, "decisionDigest": {"sha256": digest}}],
}

docs_pr := json.patch(base, [
	{"op": "replace", "path": "/attestation", "value": sandboxed_run},
	{"op": "replace", "path": "/changed_files", "value": ["README.md", "docs/guide.md"]},
	{"op": "replace", "path": "/approvals", "value": []},
	{"op": "add", "path": "/changed_files_complete", "value": true},
])

inputs["lane_docs_only"] := docs_pr

inputs["lane_code_file"] := changing(docs_pr, ["README.md", "src/app.ts"])

inputs["lane_agents_md"] := changing(docs_pr, ["docs/AGENTS.md"])

inputs["lane_unsandboxed"] := json.patch(docs_pr, [{"op": "replace", "path": "/attestation/sandbox", "value": {"backend": "none"}}])

inputs["lane_blocked_request"] := json.patch(docs_pr, [{"op": "replace", "path": "/attestation/egress/blocked", "value": 1}])

inputs["lane_audit_mode"] := json.patch(docs_pr, [{"op": "add", "path": "/attestation/egress/enforcement", "value": "audit"}])

inputs["lane_output_redacted"] := json.patch(docs_pr, [{"op": "replace", "path": "/attestation/redaction/outputRedactions", "value": 1}])

inputs["lane_credential_live"] := json.remove(docs_pr, ["/attestation/credentials/0/revokedAt"])

inputs["lane_broker_refused"] := json.patch(docs_pr, [{"op": "replace", "path": "/attestation/policyDecisions/0/allow", "value": false}])

inputs["lane_agent_failed"] := json.patch(docs_pr, [{"op": "replace", "path": "/attestation/agent/exitCode", "value": 1}])

inputs["lane_unattested"] := json.patch(docs_pr, [{"op": "replace", "path": "/attestation", "value": {"status": "missing"}}])

inputs["lane_incomplete_list"] := json.patch(docs_pr, [{"op": "replace", "path": "/changed_files_complete", "value": false}])

malformed["is_agent_missing"] := json.remove(approved_by(base, []), ["is_agent"])

malformed["secret_status_skipped"] := json.patch(base, [{"op": "replace", "path": "/secret_findings/status", "value": "skipped"}])

malformed["attestation_status_ok"] := json.patch(base, [{"op": "replace", "path": "/attestation/status", "value": "ok"}])

malformed["changed_file_not_a_string"] := changing(human, [7])

malformed["complete_flag_string"] := json.patch(human, [{"op": "add", "path": "/changed_files_complete", "value": "yes"}])

malformed["empty"] := {}

decision(doc) := {"allow": a, "deny": d} if {
	a := pr.allow with input as doc
	d := pr.deny with input as doc
}

allowed(doc) if decision(doc) == {"allow": true, "deny": set()}

denied(doc, fragment) if {
	d := decision(doc)
	d.allow == false
	some msg in d.deny
	contains(msg, fragment)
}

test_allow_agent_pr_approved if allowed(inputs.allow_agent_pr_approved)

test_allow_human_pr_plain if allowed(inputs.allow_human_pr_plain)

test_allow_human_workflow_change_approved if allowed(inputs.allow_human_workflow_change_approved)

test_allow_two_approvers_maintain_and_admin if allowed(inputs.allow_two_approvers_maintain_and_admin)

test_deny_agent_pr_unapproved if denied(inputs.deny_agent_pr_unapproved, "pull request #42 was opened by an agent (airlock-agent[bot]): it needs 1 approval(s)")

test_deny_approval_stale_sha if {
	denied(inputs.deny_approval_stale_sha, "was opened by an agent")
	denied(inputs.deny_approval_stale_sha, sprintf("approval by alice does not count: it is for commit %s, not the head commit %s", [old, head]))
}

test_allow_solo_author_approves_own_human_pr if allowed(inputs.allow_solo_author_approves_own_human_pr)

test_deny_solo_author_approval_of_agent_pr if denied(inputs.deny_solo_author_approval_of_agent_pr, "approval by alice does not count: the author cannot approve")

test_deny_approval_by_author_flag if denied(inputs.deny_approval_by_author_flag, "approval by alice does not count: the author cannot approve")

test_deny_approval_by_author_login if denied(inputs.deny_approval_by_author_login, "approval by alice does not count: the author cannot approve")

test_deny_approval_by_bot_flag if denied(inputs.deny_approval_by_bot_flag, "approval by alice does not count: bots cannot approve")

test_deny_approval_by_bot_login if denied(inputs.deny_approval_by_bot_login, "approval by helper[bot] does not count: bots cannot approve")

test_deny_approval_by_agent if denied(inputs.deny_approval_by_agent, "approval by alice does not count: agents cannot approve")

test_deny_approval_with_triage_access if denied(inputs.deny_approval_with_triage_access, "alice has triage access; approvals need write, maintain or admin")

test_deny_same_person_twice if denied(inputs.deny_same_person_twice, "it needs 2 approval(s) on head commit")

test_deny_human_pr_below_required if denied(inputs.deny_human_pr_below_required, "pull request #42 needs 1 approval(s)")

test_deny_workflow_change if denied(inputs.deny_workflow_change, "changes to workflows need human approval")

test_deny_workflow_change_case_variant if denied(inputs.deny_workflow_change_case_variant, "changes to workflows need human approval")

test_deny_local_action_change if denied(inputs.deny_local_action_change, "changes to workflows need human approval")

test_deny_composite_action_change if denied(inputs.deny_composite_action_change, "changes to workflows need human approval")

test_deny_terraform_change if denied(inputs.deny_terraform_change, "changes to infrastructure-as-code need human approval (1 on head commit")

test_deny_terraform_dir_change if denied(inputs.deny_terraform_dir_change, "changes to infrastructure-as-code need human approval")

test_deny_k8s_change if denied(inputs.deny_k8s_change, "changes to infrastructure-as-code need human approval")

test_deny_helm_change if denied(inputs.deny_helm_change, "changes to infrastructure-as-code need human approval")

test_deny_dockerfile_change if denied(inputs.deny_dockerfile_change, "changes to infrastructure-as-code need human approval")

test_deny_dockerfile_variant_change if denied(inputs.deny_dockerfile_variant_change, "): Dockerfile.prod, docker-compose.override.yml")

test_deny_policy_change if denied(inputs.deny_policy_change, "changes to policy files need human approval")

test_deny_airlock_config_change if denied(inputs.deny_airlock_config_change, "): .github/airlock.yml, .github/airlock/agent.sts.yaml")

test_deny_codeowners_change if denied(inputs.deny_codeowners_change, "changes to policy files need human approval")

test_deny_claude_hooks_change if denied(inputs.deny_claude_hooks_change, "changes to agent and developer-tool control files need human approval")

test_deny_mcp_and_agents_md_change if denied(inputs.deny_mcp_and_agents_md_change, "): .mcp.json, docs/AGENTS.md")

test_deny_incomplete_file_list if denied(inputs.deny_incomplete_file_list, "the list of changed files is incomplete")

test_allow_incomplete_file_list_approved if allowed(inputs.allow_incomplete_file_list_approved)

test_allow_complete_file_list_flag if allowed(inputs.allow_complete_file_list_flag)

test_deny_approval_paths_change if denied(inputs.deny_approval_paths_change, "changes to paths listed in approval_paths need human approval")

# A workflow under an approval_paths glob is named once, as a workflow.
test_deny_workflow_in_approval_paths_named_once if {
	d := data.airlock.pr.deny with input as inputs.deny_workflow_in_approval_paths
	count([m | some m in d; contains(m, ".github/workflows/ci.yml")]) == 1
	denied(inputs.deny_workflow_in_approval_paths, "changes to workflows need human approval")
}

test_deny_invalid_approval_glob if denied(inputs.deny_invalid_approval_glob, "approval_paths entry deploy/[ is not a valid glob pattern")

test_deny_agent_workflow_change_reports_both if {
	denied(inputs.deny_agent_workflow_change_reports_both, "was opened by an agent")
	denied(inputs.deny_agent_workflow_change_reports_both, "changes to workflows need human approval")
}

test_deny_attestation_missing if denied(inputs.deny_attestation_missing, sprintf("no attestation of the agent run was found for head commit %s", [head]))

test_deny_attestation_invalid if denied(inputs.deny_attestation_invalid, "does not verify")

test_deny_attestation_unknown if denied(inputs.deny_attestation_unknown, "attestation verification for head commit")

test_deny_human_pr_attestation_invalid if denied(inputs.deny_human_pr_attestation_invalid, "does not verify")

test_deny_secrets_found if denied(inputs.deny_secrets_found, "the secret scan found 2 secret(s)")

test_deny_secrets_unknown if denied(inputs.deny_secrets_unknown, "the secret scan of this pull request did not complete")

test_deny_human_pr_secrets_found if denied(inputs.deny_human_pr_secrets_found, "the secret scan found 1 secret(s)")

# Unknown agent status counts as an agent: approval and attestation are required.
test_deny_is_agent_missing if {
	denied(malformed.is_agent_missing, "input.is_agent must be a boolean")
	denied(malformed.is_agent_missing, "was opened by an agent")
}

test_deny_secret_status_skipped if denied(malformed.secret_status_skipped, "secret scan status \"skipped\" is not one of clean, found, unknown")

test_deny_attestation_status_ok if denied(malformed.attestation_status_ok, "attestation status \"ok\" is not one of verified, missing, invalid, unknown")

test_deny_changed_file_not_a_string if denied(malformed.changed_file_not_a_string, "changed_files must hold repository paths as strings, got 7")

test_deny_complete_flag_string if denied(malformed.complete_flag_string, "the list of changed files is incomplete")

test_deny_empty_input if denied(malformed.empty, "input.pull_request must be an object")

deny_cases := {name: doc | some name, doc in inputs; startswith(name, "deny_")}

allow_cases := {name: doc | some name, doc in inputs; startswith(name, "allow_")}

test_every_deny_case_denies_with_a_reason if {
	count(deny_cases) > 0
	every _, doc in deny_cases {
		d := decision(doc)
		d.allow == false
		count(d.deny) > 0
	}
}

test_every_allow_case_allows if {
	count(allow_cases) > 0
	every _, doc in allow_cases {
		allowed(doc)
	}
}

test_malformed_inputs_never_allow if {
	count(malformed) > 0
	every _, doc in malformed {
		not allowed(doc)
	}
}

# --- The low-risk lane ------------------------------------------------------------------------

lane_decision(doc) := {"allow": a, "deny": d} if {
	a := pr.allow with input as doc with data.airlock.pr.low_risk_lane_enabled as true
	d := pr.deny with input as doc with data.airlock.pr.low_risk_lane_enabled as true
}

lane_allowed(doc) if {
	lane_decision(doc) == {"allow": true, "deny": set()}
	pr.low_risk_lane with input as doc with data.airlock.pr.low_risk_lane_enabled as true
}

lane_denied(doc, fragment) if {
	d := lane_decision(doc)
	d.allow == false
	some msg in d.deny
	contains(msg, fragment)
}

# Off by default: the same pull request needs a human.
test_lane_off_by_default if {
	denied(inputs.lane_docs_only, "was opened by an agent (airlock-agent[bot]): it needs 1 approval(s)")
	not pr.low_risk_lane with input as inputs.lane_docs_only
}

test_lane_allows_docs_only_run if lane_allowed(inputs.lane_docs_only)

test_lane_refuses_a_code_file if lane_denied(inputs.lane_code_file, "it needs 1 approval(s)")

test_lane_refuses_an_agent_control_file if lane_denied(inputs.lane_agents_md, "changes to agent and developer-tool control files need human approval")

test_lane_refuses_an_unsandboxed_run if lane_denied(inputs.lane_unsandboxed, "it needs 1 approval(s)")

test_lane_refuses_a_blocked_request if lane_denied(inputs.lane_blocked_request, "it needs 1 approval(s)")

test_lane_refuses_audit_mode_egress if lane_denied(inputs.lane_audit_mode, "it needs 1 approval(s)")

test_lane_refuses_redacted_output if lane_denied(inputs.lane_output_redacted, "it needs 1 approval(s)")

test_lane_refuses_a_live_credential if lane_denied(inputs.lane_credential_live, "it needs 1 approval(s)")

test_lane_refuses_a_broker_refusal if lane_denied(inputs.lane_broker_refused, "it needs 1 approval(s)")

test_lane_refuses_a_failed_agent if lane_denied(inputs.lane_agent_failed, "it needs 1 approval(s)")

test_lane_refuses_an_unattested_run if lane_denied(inputs.lane_unattested, "no attestation of the agent run was found")

test_lane_refuses_an_incomplete_file_list if lane_denied(inputs.lane_incomplete_list, "the list of changed files is incomplete")

# An organisation can widen the lane's files, and only those.
test_lane_globs_are_the_policys if {
	doc := changing(docs_pr, ["site/index.html"])
	lane_denied(doc, "it needs 1 approval(s)")
	pr.allow with input as doc with data.airlock.pr.low_risk_lane_enabled as true with data.airlock.pr.low_risk_globs as ["site/**"]
}
