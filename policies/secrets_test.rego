# Unit tests for airlock.secrets. `inputs` holds every well-formed input these tests use and
# `malformed` the ill-formed ones; the jest suite checks each against
# policies/schemas/secrets-input.schema.json and replays each through the OPA REST backend.
package airlock.secrets_test

import data.airlock.secrets
import rego.v1

sha := "3f1c2a9b8e7d6c5b4a39281706f5e4d3c2b1a098"

base := {
	"requests": [
		{"path": "kv/data/ci/deploy", "key": "token", "env": "DEPLOY_TOKEN"},
		{"path": "kv/data/ci/npm", "key": "publish", "env": "NPM_TOKEN"},
	],
	"approval": {"approved": true, "by": "alice", "sha": sha},
	"run": {"sha": sha, "actor": "bob"},
}

with_env(env) := json.patch(base, [{"op": "replace", "path": "/requests/0/env", "value": env}])

with_approval(approval) := json.patch(base, [{"op": "replace", "path": "/approval", "value": approval}])

inputs["allow_approved_run"] := base

inputs["deny_not_approved"] := with_approval({"approved": false})

inputs["deny_approval_for_other_commit"] := with_approval({"approved": true, "by": "alice", "sha": "0a1b2c3d4e5f60718293a4b5c6d7e8f901234567"})

inputs["deny_approval_without_sha"] := with_approval({"approved": true, "by": "alice"})

inputs["deny_approval_without_approver"] := with_approval({"approved": true, "sha": sha})

inputs["deny_self_approval"] := with_approval({"approved": true, "by": "Bob", "sha": sha})

inputs["deny_bot_approval"] := with_approval({"approved": true, "by": "airlock-agent[bot]", "sha": sha})

inputs["deny_approval_requested_not_approved"] := json.patch(base, [
	{"op": "replace", "path": "/approval", "value": {"approved": false}},
	{"op": "add", "path": "/requests/0/approval_requested", "value": true},
])

inputs["allow_approval_requested_and_approved"] := json.patch(base, [{"op": "add", "path": "/requests/0/approval_requested", "value": true}])

# Run facts the App adds from the verified OIDC token, and the destination the proxy holds.
inputs["allow_app_request_approved"] := json.patch(base, [
	{"op": "add", "path": "/requests/1/approval_requested", "value": false},
	{"op": "add", "path": "/run/repository", "value": "acme/widgets"},
	{"op": "add", "path": "/run/repository_id", "value": "100004"},
	{"op": "add", "path": "/run/run_id", "value": "7000001"},
	{"op": "add", "path": "/run/workflow_ref", "value": "acme/widgets/.github/workflows/agent.yml@refs/heads/main"},
	{"op": "add", "path": "/run/event_name", "value": "workflow_dispatch"},
	{"op": "add", "path": "/run/ref", "value": "refs/heads/main"},
	{"op": "add", "path": "/destination", "value": {"method": "PUT", "host": "registry.npmjs.org", "path": "/pkg"}},
])

inputs["deny_env_path_not_approved"] := json.patch(with_env("PATH"), [{"op": "replace", "path": "/approval", "value": {"approved": false}}])

inputs["deny_no_requests"] := json.patch(base, [{"op": "replace", "path": "/requests", "value": []}])

inputs["deny_env_ld_preload"] := with_env("LD_PRELOAD")

inputs["deny_env_node_options"] := with_env("NODE_OPTIONS")

inputs["deny_env_github_prefix"] := with_env("github_token")

inputs["deny_env_path"] := with_env("PATH")

inputs["deny_env_not_a_name"] := with_env("DEPLOY TOKEN=1")

inputs["deny_duplicate_env"] := with_env("npm_token")

inputs["deny_path_traversal"] := json.patch(base, [{"op": "replace", "path": "/requests/0/path", "value": "kv/data/../../sys/raw"}])

inputs["deny_absolute_path"] := json.patch(base, [{"op": "replace", "path": "/requests/0/path", "value": "/kv/data/ci/deploy"}])

inputs["deny_empty_key"] := json.patch(base, [{"op": "replace", "path": "/requests/0/key", "value": ""}])

malformed["approval_missing"] := json.remove(base, ["approval"])

malformed["approved_string"] := with_approval({"approved": "true", "by": "alice", "sha": sha})

malformed["request_not_object"] := json.patch(base, [{"op": "add", "path": "/requests/2", "value": "kv/data/ci/other"}])

malformed["empty"] := {}

malformed["approval_requested_string"] := json.patch(base, [{"op": "add", "path": "/requests/0/approval_requested", "value": "yes"}])

decision(doc) := {"allow": a, "deny": d} if {
	a := secrets.allow with input as doc
	d := secrets.deny with input as doc
}

allowed(doc) if decision(doc) == {"allow": true, "deny": set()}

denied(doc, fragment) if {
	d := decision(doc)
	d.allow == false
	some msg in d.deny
	contains(msg, fragment)
}

test_allow_approved_run if allowed(inputs.allow_approved_run)

test_deny_not_approved if denied(inputs.deny_not_approved, sprintf("resolving secrets (kv/data/ci/deploy#token, kv/data/ci/npm#publish) needs a human approval of commit %s", [sha]))

test_approval_required_for_every_request if {
	secrets.approval_required with input as inputs.allow_approved_run
	secrets.approval_required with input as inputs.deny_not_approved
	secrets.approval_required with input as inputs.deny_approval_requested_not_approved
}

test_deny_approval_requested_not_approved if denied(inputs.deny_approval_requested_not_approved, "needs a human approval of commit 3f1c2a9b8e7d6c5b4a39281706f5e4d3c2b1a098 (the workflow marked them as needing approval)")

test_allow_approval_requested_and_approved if allowed(inputs.allow_approval_requested_and_approved)

test_allow_app_request_approved if allowed(inputs.allow_app_request_approved)

# `approval_missing` is the part of `deny` an approval removes: the App asks a human only when
# nothing else is denied.
test_approval_missing_only_when_required_and_missing if {
	count(secrets.approval_missing) == 1 with input as inputs.deny_not_approved
	count(secrets.approval_missing) == 0 with input as inputs.allow_approved_run
	count(secrets.approval_missing) == 0 with input as inputs.deny_self_approval
	missing := secrets.approval_missing with input as inputs.deny_env_path_not_approved
	d := secrets.deny with input as inputs.deny_env_path_not_approved
	count(d - missing) == 1
}

# An org policy that waives the approval (approval_required false): no approval asked for, and
# the other rules still hold.
test_waived_approval_allows_without_approval if {
	secrets.allow with input as inputs.deny_not_approved with secrets.approval_required as false
	count(secrets.approval_missing) == 0 with input as inputs.deny_not_approved with secrets.approval_required as false
	not secrets.allow with input as inputs.deny_env_path_not_approved with secrets.approval_required as false
}

test_deny_env_path_not_approved if denied(inputs.deny_env_path_not_approved, "env must be a plain variable name")

test_deny_approval_for_other_commit if denied(inputs.deny_approval_for_other_commit, sprintf("the approval is for commit 0a1b2c3d4e5f60718293a4b5c6d7e8f901234567 but the run is at %s", [sha]))

test_deny_approval_without_sha if denied(inputs.deny_approval_without_sha, "the approval is bound to no commit")

test_deny_approval_without_approver if denied(inputs.deny_approval_without_approver, "the approval names no approver")

test_deny_self_approval if denied(inputs.deny_self_approval, "Bob approved their own run")

test_deny_bot_approval if denied(inputs.deny_bot_approval, "airlock-agent[bot] is a bot")

test_deny_no_requests if denied(inputs.deny_no_requests, "no secrets were requested")

test_deny_env_ld_preload if denied(inputs.deny_env_ld_preload, "env must be a plain variable name")

test_deny_env_node_options if denied(inputs.deny_env_node_options, "env must be a plain variable name")

test_deny_env_github_prefix if denied(inputs.deny_env_github_prefix, "env must be a plain variable name")

test_deny_env_path if denied(inputs.deny_env_path, "env must be a plain variable name")

test_deny_env_not_a_name if denied(inputs.deny_env_not_a_name, "env must be a plain variable name")

test_deny_duplicate_env if denied(inputs.deny_duplicate_env, "two secret requests write env npm_token")

test_deny_path_traversal if denied(inputs.deny_path_traversal, "path must be a relative secret path without \"..\" segments")

test_deny_absolute_path if denied(inputs.deny_absolute_path, "path must be a relative secret path")

test_deny_empty_key if denied(inputs.deny_empty_key, "key must be non-empty")

test_deny_approval_missing if {
	denied(malformed.approval_missing, "input.approval must be an object")
	denied(malformed.approval_missing, "needs a human approval")
}

test_deny_approved_string if {
	# "true" is not true: only the boolean approves.
	denied(malformed.approved_string, "input.approval.approved must be a boolean")
	denied(malformed.approved_string, "needs a human approval")
}

test_deny_request_not_object if denied(malformed.request_not_object, "each secret request must be an object {path, key, env}, got kv/data/ci/other")

test_deny_approval_requested_string if denied(malformed.approval_requested_string, "approval_requested must be true or false")

test_deny_empty_input if denied(malformed.empty, "input.requests must be an array")

deny_cases := {name: doc | some name, doc in inputs; startswith(name, "deny_")}

test_every_deny_case_denies_with_a_reason if {
	count(deny_cases) > 0
	every _, doc in deny_cases {
		d := decision(doc)
		d.allow == false
		count(d.deny) > 0
	}
}

test_malformed_inputs_never_allow if {
	count(malformed) > 0
	every _, doc in malformed {
		not allowed(doc)
	}
}
