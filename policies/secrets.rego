# Airlock's default policy for resolving secrets (Vault reads) for an agent run: nothing is
# resolved without a human approval bound to the commit the run checks out, given by someone
# other than the run's actor and not by a bot; every secret lands in an ordinary environment
# variable (never one that changes how the runner, a shell or a language runtime behaves).
# The App evaluates it twice per request (POST /airlock/v1/approvals): first without an
# approval, where `approval_required` and `approval_missing` tell "ask a human" from "refuse";
# then with the human's approval.
# Input: policies/schemas/secrets-input.schema.json.
package airlock.secrets

import rego.v1

default allow := false

required_fields := [
	[["requests"], "array"],
	[["approval"], "object"],
	[["approval", "approved"], "boolean"],
	[["run"], "object"],
	[["run", "sha"], "string"],
	[["run", "actor"], "string"],
]

articles := {"object": "an object", "array": "an array", "string": "a string", "boolean": "a boolean"}

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
	msg := sprintf("input.%s must be %s; the Action builds this document from its settings and the approval record, so the caller has a bug", [concat(".", path), articles[want]])
}

# --- Approval -----------------------------------------------------------------------------------

requested_paths := concat(", ", sort({sprintf("%v#%v", [r.path, r.key]) | some r in input.requests}))

approval_valid if {
	input.approval.approved == true
	is_string(input.approval.by)
	input.approval.sha == input.run.sha
	lower(input.approval.by) != lower(input.run.actor)
	not endswith(lower(input.approval.by), "[bot]")
}

# Whether a human must approve before these secrets are resolved. Airlock's default: always.
# An org policy may waive it (for example for one destination) with
# `approval_required := false if { not approval_requested; ... }`, but never for a request the
# workflow marked as needing approval: the App then asks a human whatever this rule says.
default approval_required := true

# The workflow marked at least one secret as needing approval (`secrets` input).
approval_requested if {
	some r in input.requests
	r.approval_requested == true
}

# The reason an approval is still missing: a subset of `deny` that only a human's approval
# removes. The App asks a human when every other deny message is absent.
approval_missing contains msg if {
	approval_required
	not input.approval.approved == true
	msg := sprintf("resolving secrets (%s) needs a human approval of commit %v%s; someone with write access approves it on the \"Airlock secret approval\" check run of that commit (Airlock never hands secrets to an unapproved agent run)", [requested_paths, object.get(input.run, "sha", "(unknown)"), requested_note])
}

default requested_note := ""

requested_note := " (the workflow marked them as needing approval)" if approval_requested

deny contains msg if some msg in approval_missing

deny contains "the approval names no approver (approval.by); record who approved" if {
	input.approval.approved == true
	not is_string(input.approval.by)
}

deny contains msg if {
	input.approval.approved == true
	input.approval.sha != input.run.sha
	msg := sprintf("the approval is for commit %v but the run is at %v; approve the commit the run checks out", [input.approval.sha, input.run.sha])
}

deny contains msg if {
	input.approval.approved == true
	not is_string(input.approval.sha)
	msg := sprintf("the approval is bound to no commit (approval.sha); approve commit %v", [input.run.sha])
}

deny contains msg if {
	input.approval.approved == true
	lower(input.approval.by) == lower(input.run.actor)
	msg := sprintf("%v approved their own run; someone other than the run's actor must approve", [input.approval.by])
}

deny contains msg if {
	input.approval.approved == true
	endswith(lower(input.approval.by), "[bot]")
	msg := sprintf("%v is a bot; only a human can approve secret resolution", [input.approval.by])
}

# --- Requests -----------------------------------------------------------------------------------

deny contains "no secrets were requested; name at least one {path, key, env}" if {
	is_array(input.requests)
	count(input.requests) == 0
}

request_ok(r) if {
	valid_location(r)
	env_ok(r.env)
}

env_ok(name) if {
	is_string(name)
	regex.match(`^[A-Za-z_][A-Za-z0-9_]*$`, name)
	not reserved_env(upper(name))
}

# Names that steer the runner, a shell, a linker or a language runtime: a secret written there
# could run code, not just be read.
reserved_env_names := {
	"PATH", "HOME", "SHELL", "IFS", "ENV", "BASH_ENV", "PROMPT_COMMAND", "CI", "NODE_OPTIONS",
	"NODE_PATH", "PYTHONPATH", "PYTHONSTARTUP", "PERL5OPT", "PERL5LIB", "RUBYOPT", "RUBYLIB",
	"JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS", "GIT_SSH_COMMAND", "GIT_ASKPASS", "SSH_ASKPASS",
}

reserved_env_prefixes := {"GITHUB_", "ACTIONS_", "RUNNER_", "AIRLOCK_", "INPUT_", "STATE_", "LD_", "DYLD_", "GIT_CONFIG_"}

reserved_env(name) if name in reserved_env_names

reserved_env(name) if {
	some prefix in reserved_env_prefixes
	startswith(name, prefix)
}

deny contains msg if {
	some r in input.requests
	not is_object(r)
	msg := sprintf("each secret request must be an object {path, key, env}, got %v", [r])
}

deny contains msg if {
	some r in input.requests
	is_object(r)
	not valid_location(r)
	msg := sprintf("secret request %v: path must be a relative secret path without \"..\" segments and key must be non-empty (e.g. {\"path\": \"kv/data/ci/deploy\", \"key\": \"token\", \"env\": \"DEPLOY_TOKEN\"})", [r])
}

valid_location(r) if {
	is_string(r.path)
	r.path != ""
	not startswith(r.path, "/")
	not ".." in split(r.path, "/")
	is_string(r.key)
	r.key != ""
}

deny contains msg if {
	some r in input.requests
	is_object(r)
	"approval_requested" in object.keys(r)
	not is_boolean(r.approval_requested)
	msg := sprintf("secret request %v: approval_requested must be true or false", [r])
}

deny contains msg if {
	some r in input.requests
	is_object(r)
	not env_ok(r.env)
	msg := sprintf("secret request %v: env must be a plain variable name (letters, digits, _) that does not steer the runner, a shell or a runtime (not PATH, LD_*, NODE_OPTIONS, GITHUB_*, ...); pick a name such as DEPLOY_TOKEN", [r])
}

deny contains msg if {
	some i, a in input.requests
	some j, b in input.requests
	i < j
	upper(a.env) == upper(b.env)
	msg := sprintf("two secret requests write env %v; give each secret its own variable", [a.env])
}

approval_ok if not approval_required

approval_ok if approval_valid

allow if {
	well_formed
	count(deny) == 0
	approval_ok
	count(input.requests) > 0
	every r in input.requests {
		request_ok(r)
	}
}
