# Airlock's default policy for pushes the App observes: an agent never pushes to a protected
# branch; it proposes changes through a pull request that passes the Airlock gate. The App
# evaluates this after the push (GitHub has no pre-receive hook for Apps), so a denial raises an
# incident: a failing check, an issue, revocation of the agent's tokens. An agent's tag push is
# denied as well: publishing needs a human.
# Input: policies/schemas/push-input.schema.json.
package airlock.push

import rego.v1

default allow := false

# Fail closed: anything but an explicit `false` counts as an agent and as protected.
agent if not input.is_agent == false

protected if not input.protected == false

required_fields := [
	[["branch"], "string"],
	[["protected"], "boolean"],
	[["actor"], "object"],
	[["actor", "login"], "string"],
	[["actor", "type"], "string"],
	[["is_agent"], "boolean"],
	[["forced"], "boolean"],
]

articles := {"object": "an object", "string": "a string", "boolean": "a boolean"}

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

allow if {
	well_formed
	count(deny) == 0
	not agent_on_protected
}

agent_on_protected if {
	agent
	protected
}

deny contains msg if {
	some field in required_fields
	[path, want] := field
	not has_type(path, want)
	parent_present(path)
	msg := sprintf("input.%s must be %s; the App builds this document from the push event, so the caller has a bug", [concat(".", path), articles[want]])
}

deny contains msg if {
	agent_on_protected
	is_string(input.branch)
	msg := sprintf("agent %s %s protected branch %s: agents change protected branches only through a pull request that passes the Airlock gate; revert the push, open a pull request instead, and check why the ruleset let it through", [actor_name, push_verb, input.branch])
}

# Publishing needs a human: release and package workflows publish from tags, so an agent never
# creates or moves one (the App answers it like an agent's push to a protected branch).
deny contains msg if {
	agent
	input.ref_type == "tag"
	is_string(input.branch)
	msg := sprintf("agent %s pushed tag %s: publishing needs a human; agents do not create or move tags (release and package workflows publish from them); delete the tag if no person meant it and let a person tag the release", [actor_name, input.branch])
}

deny contains msg if {
	agent
	input.ref_type == "release"
	is_string(input.branch)
	msg := sprintf("agent %s created release %s: publishing needs a human; agents do not create or publish releases; a person decides whether it stays", [actor_name, input.branch])
}

deny contains msg if {
	"ref_type" in object.keys(input)
	not input.ref_type in {"branch", "tag", "release"}
	msg := sprintf("input.ref_type must be \"branch\", \"tag\" or \"release\", got %v; the App builds this document from the push or release event, so the caller has a bug", [input.ref_type])
}

actor_name := input.actor.login if {
	is_string(input.actor.login)
} else := "(unknown actor)"

push_verb := "force-pushed to" if {
	input.forced == true
} else := "pushed to"
