# Airlock's default containment policy (issue 19 item 2): on each batch of run telemetry
# (POST /airlock/v1/events, src/telemetry/run-event.ts) the App asks which actions to take
# against the run's identity. `actions` maps each action to the reasons for it:
#
#   revoke    revoke every live broker token of the identity for the repository
#   suspend   the broker refuses the identity (identity_suspended) until a human resumes it
#   incident  open or update the identity's incident issue
#   notify    POST a JSON summary to the configured notify_url
#
# `deny` holds every reason and `allow` is true when nothing is to be done, as in the other
# packages. An evaluation error, or an input this package cannot read, revokes and suspends
# (fail closed, enforced by the App as well).
#
# Input (built by app/containment/containment-input.ts):
#   run       {repository, repository_id, identity, run_id, actor}
#   batch     this batch's events; recent: the run's earlier events within the window
#             each event: src/telemetry/run-event.ts in snake_case, plus at_ms (epoch ms)
#   identity  {suspended}: the identity's state before this batch
#   settings  thresholds from `.github/airlock.yml` `containment:` (absent fields: data, then defaults)
package airlock.containment

import rego.v1

all_actions := ["revoke", "suspend", "incident", "notify"]

# Defaults; `data.airlock.containment_settings` (an org data document) overrides them, and the
# org or repository configuration's `containment:` section (input.settings) overrides both.
default_settings := {
	"refused_hosts": 5,
	"window_seconds": 60,
	"dlp_block_revokes": false,
}

setting(name) := value if {
	value := input.settings[name]
	valid_setting(name, value)
} else := value if {
	value := data.airlock.containment_settings[name]
	valid_setting(name, value)
} else := default_settings[name]

valid_setting(name, value) if {
	name in {"refused_hosts", "window_seconds"}
	is_number(value)
	value >= 1
}

valid_setting("dlp_block_revokes", value) if is_boolean(value)

default allow := false

allow if count(triggers) == 0

deny contains t.reason if some t in triggers

# {"revoke": ["reason", ...], ...}: the actions to take, each with its reasons, sorted.
actions := {a: sort({t.reason | some t in triggers; t.action == a}) | some a in {t.action | some t in triggers}}

# --- Well-formed input: anything this package cannot read is treated as the worst case.

well_formed if {
	is_string(input.run.repository)
	is_string(input.run.identity)
	is_array(input.batch)
	every e in input.batch {
		event_well_formed(e)
	}
	every e in object.get(input, "recent", []) {
		event_well_formed(e)
	}
}

event_well_formed(e) if {
	is_string(e.kind)
	is_number(e.at_ms)
}

triggers contains {"action": a, "reason": "input is not a containment input (run.repository, run.identity, batch[] with kind and at_ms); the App builds it, so the caller has a bug: containing the identity until a human looks"} if {
	not well_formed
	some a in ["revoke", "suspend"]
}

# --- N distinct refused hosts within M seconds.

refusals := [e |
	some e in array.concat(object.get(input, "recent", []), input.batch)
	e.kind == "egress"
	e.decision == "deny"
	is_string(e.host)
]

window_ms := setting("window_seconds") * 1000

# Each refusal of this batch anchors a window reaching back M seconds; a burst is a window
# holding N or more distinct hosts. Anchoring on this batch only means an old burst, already
# answered, does not contain the identity again after a human resumed it.
bursts contains hosts if {
	some anchor in input.batch
	anchor.kind == "egress"
	anchor.decision == "deny"
	hosts := {lower(e.host) | some e in refusals; e.at_ms <= anchor.at_ms; e.at_ms > anchor.at_ms - window_ms}
	count(hosts) >= setting("refused_hosts")
}

burst_hosts := union(bursts)

shown_hosts := concat(", ", array.slice(sort(burst_hosts), 0, 10))

triggers contains {"action": a, "reason": reason} if {
	count(bursts) > 0
	reason := sprintf("%d distinct hosts refused within %d s (threshold %d): %s", [count(burst_hosts), setting("window_seconds"), setting("refused_hosts"), shown_hosts])
	some a in all_actions
}

# --- A placeholder sent toward a host it is not bound to: the agent tried to use a credential
# where it is never resolved (THREATS.md C 18).

triggers contains {"action": a, "reason": reason} if {
	some e in input.batch
	e.kind == "placeholder_misuse"
	reason := sprintf("placeholder of credential %v sent toward %v, a host it is not bound to", [e.credential, e.host])
	some a in all_actions
}

# --- A DLP block: the proxy stopped a request carrying a secret-looking value. It did not
# leave, and generic rules misfire, so by default a person looks (incident, notify) and the run
# keeps its tokens; `dlp_block_revokes: true` revokes them as well.

dlp_reason(e) := sprintf("request to %v blocked by DLP (rules: %v)", [e.host, concat(", ", object.get(e, "rules", []))])

triggers contains {"action": a, "reason": dlp_reason(e)} if {
	some e in input.batch
	e.kind == "dlp_block"
	some a in ["incident", "notify"]
}

triggers contains {"action": "revoke", "reason": dlp_reason(e)} if {
	setting("dlp_block_revokes") == true
	some e in input.batch
	e.kind == "dlp_block"
}

# --- The agent's patch carries findings: a person looks before anything merges (the gate
# blocks the pull request on its own secret scan too).

triggers contains {"action": "incident", "reason": reason} if {
	some e in input.batch
	e.kind == "patch_scan"
	is_number(e.findings)
	e.findings > 0
	reason := sprintf("the agent's patch has %d secret scan finding(s) (rules: %v)", [e.findings, concat(", ", object.get(e, "rules", []))])
}
