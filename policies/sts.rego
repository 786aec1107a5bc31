# Airlock's default policy for the token broker (STS): a token is minted only within the trust
# policy, the org ceiling and the App installation (request ⊆ trust policy ⊆ ceiling ⊆
# installation), for a trusted trigger on a protected ref, for this repository (bound by id).
# Input: policies/schemas/sts-input.schema.json. Decision: allowed only if `allow` is true and
# `deny` is empty; every deny message says what is wrong and how to fix it.
package airlock.sts

import rego.v1

default allow := false

# Installation permission levels; a request asks for read or write only.
levels := {"read": 1, "write": 2, "admin": 3}

# Repository-level GitHub App permissions a token may carry
# (https://docs.github.com/en/rest/apps/apps#create-an-installation-access-token-for-an-app).
repository_permissions := {
	"actions", "administration", "attestations", "checks", "contents", "deployments", "discussions",
	"environments", "issues", "metadata", "packages", "pages", "pull_requests", "repository_hooks",
	"repository_projects", "secret_scanning_alerts", "secrets", "security_events", "statuses",
	"vulnerability_alerts", "workflows",
}

# Triggers whose workflow runs with the base repository's identity on input an outsider controls
# (a fork's pull request, a comment, another workflow's artifacts).
untrusted_triggers := {"pull_request_target", "issue_comment", "workflow_run"}

# The fields every decision needs, with their types (anything missing or mistyped denies).
required_fields := [
	[["identity"], "string"],
	[["claims"], "object"],
	[["claims", "iss"], "string"],
	[["claims", "event_name"], "string"],
	[["claims", "ref"], "string"],
	[["claims", "ref_protected"], "string"],
	[["claims", "repository_id"], "string"],
	[["repository"], "object"],
	[["repository", "id"], "number"],
	[["repository", "owner"], "string"],
	[["repository", "name"], "string"],
	[["request"], "object"],
	[["request", "permissions"], "object"],
	[["request", "repositories"], "array"],
	[["trust_policy"], "object"],
	[["trust_policy", "permissions"], "object"],
	[["trust_policy", "event_names"], "array"],
	[["trust_policy", "max_lifetime_seconds"], "number"],
	[["ceiling"], "object"],
	[["ceiling", "max_permissions"], "object"],
	[["ceiling", "repository_writes"], "boolean"],
	[["ceiling", "allowed_issuers"], "array"],
	[["installation"], "object"],
	[["installation", "permissions"], "object"],
]

articles := {"object": "an object", "array": "an array", "string": "a string", "number": "a number", "boolean": "a boolean"}

has_type(path, want) if {
	value := object.get(input, path, null)
	type_name(value) == want
}

well_formed if {
	every field in required_fields {
		has_type(field[0], field[1])
	}
}

# The trust policy narrows to the policy's own repository unless it names others.
allowed_repositories := input.trust_policy.repositories if {
	is_array(input.trust_policy.repositories)
} else := [input.repository.name]

within(requested, granted) if levels[requested] <= levels[granted]

# What the org ceiling allows for one permission: nothing if unlisted, read when repository
# writes are off.
ceiling_cap(name) := input.ceiling.max_permissions[name] if input.ceiling.repository_writes == true

ceiling_cap(name) := "read" if {
	input.ceiling.repository_writes == false
	input.ceiling.max_permissions[name]
}

organization_permission(name) if name == "members"

organization_permission(name) if startswith(name, "organization_")

permission_ok(name, level) if {
	name in repository_permissions
	level in {"read", "write"}
	within(level, input.trust_policy.permissions[name])
	within(level, ceiling_cap(name))
	within(level, input.installation.permissions[name])
}

# Stated positively as well as through `deny`, so a deny rule that fails to fire on odd input
# cannot by itself let a request through.
allow if {
	well_formed
	count(deny) == 0
	count(input.request.permissions) > 0
	every name, level in input.request.permissions {
		permission_ok(name, level)
	}
	input.claims.iss in input.ceiling.allowed_issuers
	input.claims.repository_id == sprintf("%d", [input.repository.id])
	input.claims.event_name in input.trust_policy.event_names
	input.claims.ref_protected == "true"
	count(input.request.repositories) > 0
	every repo in input.request.repositories {
		repo in allowed_repositories
	}
	lifetime_in_range
	ref_ok
	workflow_ok
}

# Optional trust policy lists: absent means no constraint; present, the claim must be listed.
optional_lists := ["repositories", "refs", "job_workflow_refs"]

ref_ok if not "refs" in object.keys(input.trust_policy)

ref_ok if input.claims.ref in input.trust_policy.refs

workflow_ok if not "job_workflow_refs" in object.keys(input.trust_policy)

workflow_ok if input.claims.job_workflow_ref in input.trust_policy.job_workflow_refs

deny contains msg if {
	some field in optional_lists
	value := object.get(input.trust_policy, field, [])
	not is_array(value)
	msg := sprintf("input.trust_policy.%s must be a list when present (got a %s); fix the trust policy field", [field, type_name(value)])
}

# Reported once per missing branch: a missing `claims` does not also list every claim.
deny contains msg if {
	some field in required_fields
	[path, want] := field
	not has_type(path, want)
	parent_present(path)
	msg := sprintf("input.%s must be %s; the broker builds this document from the verified token, the trust policy, the ceiling and the installation, so the caller has a bug", [concat(".", path), articles[want]])
}

parent_present(path) if count(path) == 1

parent_present(path) if {
	parent := object.get(input, array.slice(path, 0, count(path) - 1), null)
	is_object(parent)
}

deny contains "the request names no permissions; ask for at least one, e.g. {\"contents\": \"read\"}" if {
	is_object(input.request.permissions)
	count(input.request.permissions) == 0
}

deny contains msg if {
	some name, level in input.request.permissions
	not level in {"read", "write"}
	msg := sprintf("permission %s: %v is not a level a token can ask for; request \"read\" or \"write\"", [name, level])
}

deny contains msg if {
	some name, _ in input.request.permissions
	organization_permission(name)
	msg := sprintf("permission %s is an organization permission; a repository trust policy never grants it (invariant 4): remove it from the request and from the trust policy", [name])
}

deny contains msg if {
	some name, _ in input.request.permissions
	not organization_permission(name)
	not name in repository_permissions
	msg := sprintf("permission %s is not a repository permission a token can carry; request one of %s", [name, concat(", ", sort(repository_permissions))])
}

deny contains msg if {
	some name, level in input.request.permissions
	name in repository_permissions
	level in {"read", "write"}
	not within(level, input.trust_policy.permissions[name])
	msg := sprintf("permission %s: %s is beyond trust policy %s (it allows %s); request less, or widen .github/airlock/%s.sts.yaml on the default branch", [name, level, input.identity, object.get(input.trust_policy.permissions, name, "nothing"), input.identity])
}

deny contains msg if {
	some name, level in input.request.permissions
	name in repository_permissions
	level in {"read", "write"}
	not within(level, ceiling_cap(name))
	msg := sprintf("permission %s: %s is beyond the org ceiling (it allows %s%s); request less, or ask an org owner to raise .github/airlock/ceiling.yaml in the org's .github repository", [name, level, object.get(input.ceiling.max_permissions, name, "nothing"), ceiling_note])
}

ceiling_note := " and repository_writes is false, so read at most" if {
	input.ceiling.repository_writes == false
} else := ""

deny contains msg if {
	some name, level in input.request.permissions
	name in repository_permissions
	level in {"read", "write"}
	not within(level, input.installation.permissions[name])
	msg := sprintf("permission %s: %s is beyond what the Airlock App installation holds (%s); request less, or have an org owner grant the App that permission", [name, level, object.get(input.installation.permissions, name, "nothing")])
}

deny contains msg if {
	is_string(input.claims.iss)
	is_array(input.ceiling.allowed_issuers)
	not input.claims.iss in input.ceiling.allowed_issuers
	msg := sprintf("OIDC issuer %s is not allowed by the org ceiling (allowed: %s); use a token from an allowed issuer or add it to allowed_issuers", [input.claims.iss, concat(", ", input.ceiling.allowed_issuers)])
}

deny contains msg if {
	is_string(input.claims.repository_id)
	is_number(input.repository.id)
	input.claims.repository_id != sprintf("%d", [input.repository.id])
	msg := sprintf("the OIDC token is for repository id %s, not %s/%s (id %d); a renamed or re-created repository needs a new trust policy", [input.claims.repository_id, input.repository.owner, input.repository.name, input.repository.id])
}

deny contains msg if {
	input.claims.event_name in untrusted_triggers
	is_array(input.trust_policy.event_names)
	not input.claims.event_name in input.trust_policy.event_names
	msg := sprintf("event %s is an untrusted trigger: its workflow runs with this repository's identity on input an outsider controls; run the agent from push, workflow_dispatch or schedule, or list %s in event_name of trust policy %s if you accept that risk", [input.claims.event_name, input.claims.event_name, input.identity])
}

deny contains msg if {
	is_string(input.claims.event_name)
	not input.claims.event_name in untrusted_triggers
	is_array(input.trust_policy.event_names)
	not input.claims.event_name in input.trust_policy.event_names
	msg := sprintf("event %s is not in event_name of trust policy %s (it allows %s); run from an allowed trigger or add the event there", [input.claims.event_name, input.identity, concat(", ", input.trust_policy.event_names)])
}

deny contains msg if {
	is_string(input.claims.ref_protected)
	input.claims.ref_protected != "true"
	msg := sprintf("ref %s is not protected (ref_protected is %q): tokens are minted only for jobs on protected branches or tags; protect the ref with a ruleset or run from a protected one", [input.claims.ref, input.claims.ref_protected])
}

deny contains msg if {
	is_array(input.trust_policy.refs)
	not input.claims.ref in input.trust_policy.refs
	msg := sprintf("ref %s is not in ref of trust policy %s (it allows %s)", [input.claims.ref, input.identity, concat(", ", input.trust_policy.refs)])
}

deny contains msg if {
	is_array(input.trust_policy.job_workflow_refs)
	not input.claims.job_workflow_ref in input.trust_policy.job_workflow_refs
	msg := sprintf("workflow %v is not in job_workflow_ref of trust policy %s (it allows %s)", [object.get(input.claims, "job_workflow_ref", "(no job_workflow_ref claim)"), input.identity, concat(", ", input.trust_policy.job_workflow_refs)])
}

deny contains "the request names no repositories; name at least one (without the owner), e.g. [\"app\"]" if {
	is_array(input.request.repositories)
	count(input.request.repositories) == 0
}

deny contains msg if {
	some repo in input.request.repositories
	not repo in allowed_repositories
	msg := sprintf("repository %v is not allowed by trust policy %s (it allows %s); request only those, or list it under repositories in the trust policy", [repo, input.identity, concat(", ", allowed_repositories)])
}

deny contains msg if {
	is_number(input.trust_policy.max_lifetime_seconds)
	not lifetime_in_range
	msg := sprintf("trust policy %s sets max_lifetime_seconds to %v; it must be between 60 and 3599 (GitHub tokens live an hour and the broker revokes earlier)", [input.identity, input.trust_policy.max_lifetime_seconds])
}

lifetime_in_range if {
	input.trust_policy.max_lifetime_seconds >= 60
	input.trust_policy.max_lifetime_seconds < 3600
}
