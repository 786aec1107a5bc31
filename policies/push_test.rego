# Unit tests for airlock.push. `inputs` holds every well-formed input these tests use and
# `malformed` the ill-formed ones; the jest suite checks each against
# policies/schemas/push-input.schema.json and replays each through the OPA REST backend.
package airlock.push_test

import data.airlock.push
import rego.v1

base := {
	"branch": "main",
	"protected": true,
	"actor": {"login": "airlock-agent[bot]", "type": "Bot"},
	"is_agent": true,
	"forced": false,
}

inputs["deny_agent_push_to_protected"] := base

inputs["deny_agent_force_push_to_protected"] := json.patch(base, [{"op": "replace", "path": "/forced", "value": true}])

inputs["deny_agent_as_user_account"] := json.patch(base, [{"op": "replace", "path": "/actor", "value": {"login": "agent-bot-user", "type": "User"}}])

inputs["allow_agent_push_to_unprotected"] := json.patch(base, [
	{"op": "replace", "path": "/branch", "value": "airlock/agent-42"},
	{"op": "replace", "path": "/protected", "value": false},
])

inputs["allow_human_push_to_protected"] := json.patch(base, [
	{"op": "replace", "path": "/actor", "value": {"login": "alice", "type": "User"}},
	{"op": "replace", "path": "/is_agent", "value": false},
])

inputs["deny_agent_tag_push"] := json.patch(base, [
	{"op": "replace", "path": "/branch", "value": "v1.2.0"},
	{"op": "add", "path": "/ref_type", "value": "tag"},
	{"op": "replace", "path": "/protected", "value": false},
])

inputs["allow_human_tag_push"] := json.patch(inputs.deny_agent_tag_push, [
	{"op": "replace", "path": "/actor", "value": {"login": "alice", "type": "User"}},
	{"op": "replace", "path": "/is_agent", "value": false},
])

inputs["deny_agent_release"] := json.patch(inputs.deny_agent_tag_push, [{"op": "replace", "path": "/ref_type", "value": "release"}])

inputs["allow_human_release"] := json.patch(inputs.allow_human_tag_push, [{"op": "replace", "path": "/ref_type", "value": "release"}])

malformed["ref_type_unknown"] := json.patch(base, [{"op": "add", "path": "/ref_type", "value": "note"}])

malformed["is_agent_missing"] := json.remove(base, ["is_agent"])

malformed["is_agent_string"] := json.patch(base, [
	{"op": "replace", "path": "/is_agent", "value": "false"},
	{"op": "replace", "path": "/protected", "value": true},
])

malformed["protected_missing_for_agent"] := json.remove(base, ["protected"])

malformed["empty"] := {}

decision(doc) := {"allow": a, "deny": d} if {
	a := push.allow with input as doc
	d := push.deny with input as doc
}

allowed(doc) if decision(doc) == {"allow": true, "deny": set()}

denied(doc, fragment) if {
	d := decision(doc)
	d.allow == false
	some msg in d.deny
	contains(msg, fragment)
}

test_deny_agent_push_to_protected if denied(inputs.deny_agent_push_to_protected, "agent airlock-agent[bot] pushed to protected branch main")

test_deny_agent_force_push_to_protected if denied(inputs.deny_agent_force_push_to_protected, "agent airlock-agent[bot] force-pushed to protected branch main")

# The caller decides who is an agent (a user account driven by an agent counts too).
test_deny_agent_as_user_account if denied(inputs.deny_agent_as_user_account, "agent agent-bot-user pushed to protected branch main")

test_allow_agent_push_to_unprotected if allowed(inputs.allow_agent_push_to_unprotected)

test_allow_human_push_to_protected if allowed(inputs.allow_human_push_to_protected)

# Unknown agent status counts as an agent: the push is denied.
test_deny_is_agent_missing if {
	denied(malformed.is_agent_missing, "input.is_agent must be a boolean")
	denied(malformed.is_agent_missing, "pushed to protected branch main")
}

test_deny_is_agent_string if denied(malformed.is_agent_string, "input.is_agent must be a boolean")

test_deny_protected_missing_for_agent if {
	denied(malformed.protected_missing_for_agent, "input.protected must be a boolean")
	denied(malformed.protected_missing_for_agent, "pushed to protected branch main")
}

test_deny_empty_input if denied(malformed.empty, "input.branch must be a string")

test_malformed_inputs_never_allow if {
	count(malformed) > 0
	every _, doc in malformed {
		not allowed(doc)
	}
}

test_deny_agent_tag_push if denied(inputs.deny_agent_tag_push, "agent airlock-agent[bot] pushed tag v1.2.0: publishing needs a human")

test_allow_human_tag_push if allowed(inputs.allow_human_tag_push)

test_deny_ref_type_unknown if denied(malformed.ref_type_unknown, "input.ref_type must be \"branch\", \"tag\" or \"release\"")

test_deny_agent_release if denied(inputs.deny_agent_release, "agent airlock-agent[bot] created release v1.2.0: publishing needs a human")

test_allow_human_release if allowed(inputs.allow_human_release)
