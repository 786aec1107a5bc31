# Unit tests for airlock.sts. `inputs` holds every well-formed input these tests use and
# `malformed` the ill-formed ones; the jest suite checks each against
# policies/schemas/sts-input.schema.json and replays each through the OPA REST backend.
package airlock.sts_test

import data.airlock.sts
import rego.v1

base := {
	"identity": "agent",
	"claims": {
		"iss": "https://token.actions.githubusercontent.com",
		"sub": "repo:acme/app:ref:refs/heads/main",
		"event_name": "workflow_dispatch",
		"ref": "refs/heads/main",
		"ref_protected": "true",
		"repository": "acme/app",
		"repository_id": "123456",
		"repository_owner": "acme",
		"repository_owner_id": "7890",
		"job_workflow_ref": "acme/app/.github/workflows/agent.yml@refs/heads/main",
		"runner_environment": "github-hosted",
	},
	"repository": {"id": 123456, "owner": "acme", "name": "app", "default_branch": "main"},
	"request": {"permissions": {"contents": "write", "pull_requests": "write"}, "repositories": ["app"]},
	"trust_policy": {
		"permissions": {"contents": "write", "pull_requests": "write", "issues": "read"},
		"event_names": ["push", "workflow_dispatch", "schedule"],
		"max_lifetime_seconds": 900,
	},
	"ceiling": {
		"max_permissions": {"contents": "write", "pull_requests": "write", "issues": "write"},
		"repository_writes": true,
		"allowed_issuers": ["https://token.actions.githubusercontent.com"],
	},
	"installation": {"permissions": {"contents": "write", "pull_requests": "write", "issues": "write", "metadata": "read", "members": "read"}},
}

with_request(permissions) := json.patch(base, [{"op": "replace", "path": "/request/permissions", "value": permissions}])

with_claim(name, value) := json.patch(base, [{"op": "add", "path": sprintf("/claims/%s", [name]), "value": value}])

inputs["allow_write_within_everything"] := base

reads_only := with_request({"contents": "read", "issues": "read"})

inputs["allow_read_below_write"] := reads_only

inputs["allow_untrusted_trigger_listed"] := json.patch(base, [
	{"op": "replace", "path": "/claims/event_name", "value": "workflow_run"},
	{"op": "replace", "path": "/trust_policy/event_names", "value": ["push", "workflow_dispatch", "schedule", "workflow_run"]},
])

inputs["allow_listed_other_repository"] := json.patch(base, [
	{"op": "replace", "path": "/request/repositories", "value": ["app", "docs"]},
	{"op": "add", "path": "/trust_policy/repositories", "value": ["app", "docs"]},
])

inputs["allow_listed_ref_and_workflow"] := json.patch(base, [
	{"op": "add", "path": "/trust_policy/refs", "value": ["refs/heads/main"]},
	{"op": "add", "path": "/trust_policy/job_workflow_refs", "value": ["acme/app/.github/workflows/agent.yml@refs/heads/main"]},
])

inputs["deny_beyond_trust_policy"] := with_request({"issues": "write"})

inputs["deny_unlisted_in_trust_policy"] := with_request({"actions": "read"})

inputs["deny_beyond_ceiling"] := json.patch(base, [{"op": "replace", "path": "/ceiling/max_permissions/pull_requests", "value": "read"}])

inputs["deny_writes_off_in_ceiling"] := json.patch(base, [{"op": "replace", "path": "/ceiling/repository_writes", "value": false}])

inputs["allow_reads_when_writes_off"] := json.patch(reads_only, [{"op": "replace", "path": "/ceiling/repository_writes", "value": false}])

inputs["deny_beyond_installation"] := json.patch(base, [{"op": "replace", "path": "/installation/permissions/pull_requests", "value": "read"}])

inputs["deny_organization_permission"] := json.patch(base, [
	{"op": "add", "path": "/request/permissions/members", "value": "read"},
	{"op": "add", "path": "/trust_policy/permissions/members", "value": "read"},
	{"op": "add", "path": "/ceiling/max_permissions/members", "value": "read"},
])

inputs["deny_organization_admin_permission"] := with_request({"organization_administration": "read"})

inputs["deny_unknown_permission"] := with_request({"contents": "read", "emails": "read"})

malformed["admin_level"] := with_request({"contents": "admin"})

inputs["deny_empty_request"] := with_request({})

inputs["deny_pull_request_target"] := with_claim("event_name", "pull_request_target")

inputs["deny_issue_comment"] := with_claim("event_name", "issue_comment")

inputs["deny_workflow_run"] := with_claim("event_name", "workflow_run")

inputs["deny_event_not_listed"] := with_claim("event_name", "pull_request")

inputs["deny_unprotected_ref"] := json.patch(base, [
	{"op": "replace", "path": "/claims/ref", "value": "refs/heads/agent-scratch"},
	{"op": "replace", "path": "/claims/ref_protected", "value": "false"},
])

inputs["deny_ref_protected_not_exactly_true"] := with_claim("ref_protected", "True")

inputs["deny_ref_not_listed"] := json.patch(base, [{"op": "add", "path": "/trust_policy/refs", "value": ["refs/heads/release"]}])

inputs["deny_workflow_not_listed"] := json.patch(base, [{"op": "add", "path": "/trust_policy/job_workflow_refs", "value": ["acme/app/.github/workflows/release.yml@refs/heads/main"]}])

inputs["deny_other_repository"] := json.patch(base, [{"op": "replace", "path": "/request/repositories", "value": ["app", "infra"]}])

inputs["deny_no_repositories"] := json.patch(base, [{"op": "replace", "path": "/request/repositories", "value": []}])

inputs["deny_repository_id_mismatch"] := with_claim("repository_id", "999")

inputs["deny_issuer_not_allowed"] := with_claim("iss", "https://evil.example")

inputs["deny_lifetime_too_long"] := json.patch(base, [{"op": "replace", "path": "/trust_policy/max_lifetime_seconds", "value": 7200}])

malformed["missing_claims"] := json.remove(base, ["claims"])

malformed["ref_protected_boolean"] := with_claim("ref_protected", true)

malformed["missing_ceiling_writes"] := json.remove(base, ["ceiling/repository_writes"])

malformed["repositories_not_a_list"] := json.patch(base, [{"op": "add", "path": "/trust_policy/repositories", "value": "app"}])

malformed["empty"] := {}

decision(doc) := {"allow": a, "deny": d} if {
	a := sts.allow with input as doc
	d := sts.deny with input as doc
}

allowed(doc) if {
	decision(doc) == {"allow": true, "deny": set()}
}

# Denied, with a message that contains `fragment`.
denied(doc, fragment) if {
	d := decision(doc)
	d.allow == false
	some msg in d.deny
	contains(msg, fragment)
}

test_allow_write_within_everything if allowed(inputs.allow_write_within_everything)

test_allow_read_below_write if allowed(inputs.allow_read_below_write)

test_allow_untrusted_trigger_listed if allowed(inputs.allow_untrusted_trigger_listed)

test_allow_listed_other_repository if allowed(inputs.allow_listed_other_repository)

test_allow_listed_ref_and_workflow if allowed(inputs.allow_listed_ref_and_workflow)

test_allow_reads_when_writes_off if allowed(inputs.allow_reads_when_writes_off)

test_deny_beyond_trust_policy if denied(inputs.deny_beyond_trust_policy, "permission issues: write is beyond trust policy agent (it allows read)")

test_deny_unlisted_in_trust_policy if denied(inputs.deny_unlisted_in_trust_policy, "permission actions: read is beyond trust policy agent (it allows nothing)")

test_deny_beyond_ceiling if denied(inputs.deny_beyond_ceiling, "permission pull_requests: write is beyond the org ceiling (it allows read)")

test_deny_writes_off_in_ceiling if {
	denied(inputs.deny_writes_off_in_ceiling, "permission contents: write is beyond the org ceiling (it allows write and repository_writes is false")
	denied(inputs.deny_writes_off_in_ceiling, "permission pull_requests: write is beyond the org ceiling")
}

test_deny_beyond_installation if denied(inputs.deny_beyond_installation, "permission pull_requests: write is beyond what the Airlock App installation holds (read)")

test_deny_organization_permission if {
	# Even when the trust policy, the ceiling and the installation all list it.
	denied(inputs.deny_organization_permission, "permission members is an organization permission")
}

test_deny_organization_admin_permission if denied(inputs.deny_organization_admin_permission, "permission organization_administration is an organization permission")

test_deny_unknown_permission if denied(inputs.deny_unknown_permission, "permission emails is not a repository permission")

test_deny_admin_level if denied(malformed.admin_level, "permission contents: admin is not a level")

test_deny_empty_request if denied(inputs.deny_empty_request, "the request names no permissions")

test_deny_pull_request_target if denied(inputs.deny_pull_request_target, "event pull_request_target is an untrusted trigger")

test_deny_issue_comment if denied(inputs.deny_issue_comment, "event issue_comment is an untrusted trigger")

test_deny_workflow_run if denied(inputs.deny_workflow_run, "event workflow_run is an untrusted trigger")

test_deny_event_not_listed if denied(inputs.deny_event_not_listed, "event pull_request is not in event_name of trust policy agent")

test_deny_unprotected_ref if denied(inputs.deny_unprotected_ref, "ref refs/heads/agent-scratch is not protected")

test_deny_ref_protected_not_exactly_true if denied(inputs.deny_ref_protected_not_exactly_true, "is not protected (ref_protected is \"True\")")

test_deny_ref_not_listed if denied(inputs.deny_ref_not_listed, "ref refs/heads/main is not in ref of trust policy agent")

test_deny_workflow_not_listed if denied(inputs.deny_workflow_not_listed, "is not in job_workflow_ref of trust policy agent")

test_deny_other_repository if denied(inputs.deny_other_repository, "repository infra is not allowed by trust policy agent (it allows app)")

test_deny_no_repositories if denied(inputs.deny_no_repositories, "the request names no repositories")

test_deny_repository_id_mismatch if denied(inputs.deny_repository_id_mismatch, "the OIDC token is for repository id 999, not acme/app (id 123456)")

test_deny_issuer_not_allowed if denied(inputs.deny_issuer_not_allowed, "OIDC issuer https://evil.example is not allowed by the org ceiling")

test_deny_lifetime_too_long if denied(inputs.deny_lifetime_too_long, "max_lifetime_seconds to 7200")

test_deny_missing_claims if denied(malformed.missing_claims, "input.claims must be an object")

test_deny_ref_protected_boolean if denied(malformed.ref_protected_boolean, "input.claims.ref_protected must be a string")

test_deny_missing_ceiling_writes if denied(malformed.missing_ceiling_writes, "input.ceiling.repository_writes must be a boolean")

test_deny_repositories_not_a_list if denied(malformed.repositories_not_a_list, "input.trust_policy.repositories must be a list")

test_deny_empty_input if denied(malformed.empty, "input.identity must be a string")

# Every malformed input denies, whatever else it carries.
test_malformed_inputs_never_allow if {
	every _, doc in malformed {
		not allowed(doc)
	}
}

deny_cases := {name: doc | some name, doc in inputs; startswith(name, "deny_")}

allow_cases := {name: doc | some name, doc in inputs; startswith(name, "allow_")}

# A grant is the intersection: one missing link anywhere denies, with a reason.
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
