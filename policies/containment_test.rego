# Unit tests for airlock.containment. `inputs` holds every well-formed input these tests use and
# `malformed` the ill-formed ones; the jest suite checks each against
# policies/schemas/containment-input.schema.json and replays each through the OPA REST backend.
package airlock.containment_test

import data.airlock.containment
import rego.v1

t0 := 1780000000000

run := {"repository": "acme/widgets", "repository_id": 100004, "identity": "agent", "run_id": "7000001", "actor": "alice"}

refused(host, at_ms) := {"kind": "egress", "at": "2026-06-01T00:00:00Z", "at_ms": at_ms, "decision": "deny", "host": host, "method": "GET", "path_class": "root", "bytes_out": 0, "bytes_in": 0}

allowed_egress(host, at_ms) := json.patch(refused(host, at_ms), [{"op": "replace", "path": "/decision", "value": "allow"}])

base := {"run": run, "batch": [], "recent": [], "identity": {"suspended": false}, "settings": {}}

with_batch(batch) := json.patch(base, [{"op": "replace", "path": "/batch", "value": batch}])

five_hosts := [refused(sprintf("h%d.example", [i]), t0 + (i * 1000)) | some i in numbers.range(1, 5)]

inputs["allow_empty_batch"] := base

inputs["allow_allowed_egress"] := with_batch([allowed_egress("api.github.com", t0), allowed_egress("api.anthropic.com", t0 + 1)])

inputs["allow_four_refused_hosts"] := with_batch(array.slice(five_hosts, 0, 4))

# One host refused many times is one host.
inputs["allow_one_host_refused_often"] := with_batch([refused("evil.example", t0 + i) | some i in numbers.range(1, 20)])

inputs["deny_five_refused_hosts"] := with_batch(five_hosts)

inputs["deny_five_hosts_over_two_batches"] := json.patch(with_batch(array.slice(five_hosts, 3, 5)), [{"op": "replace", "path": "/recent", "value": array.slice(five_hosts, 0, 3)}])

# Spread over more than the window: never five within 60 s.
inputs["allow_five_hosts_spread_out"] := with_batch([refused(sprintf("h%d.example", [i]), t0 + (i * 20000)) | some i in numbers.range(1, 5)])

inputs["deny_three_hosts_lowered_threshold"] := json.patch(with_batch(array.slice(five_hosts, 0, 3)), [{"op": "replace", "path": "/settings", "value": {"refused_hosts": 3}}])

inputs["allow_old_burst_already_answered"] := json.patch(with_batch([allowed_egress("api.github.com", t0 + 10000)]), [{"op": "replace", "path": "/recent", "value": five_hosts}])

inputs["deny_placeholder_misuse"] := with_batch([{"kind": "placeholder_misuse", "at": "2026-06-01T00:00:00Z", "at_ms": t0, "host": "evil.example", "credential": "anthropic"}])

inputs["deny_dlp_block"] := with_batch([{"kind": "dlp_block", "at": "2026-06-01T00:00:00Z", "at_ms": t0, "host": "api.anthropic.com", "rules": ["github-pat"]}])

inputs["deny_dlp_block_revokes"] := json.patch(inputs.deny_dlp_block, [{"op": "replace", "path": "/settings", "value": {"dlp_block_revokes": true}}])

inputs["deny_patch_scan_findings"] := with_batch([{"kind": "patch_scan", "at": "2026-06-01T00:00:00Z", "at_ms": t0, "findings": 2, "rules": ["aws-access-key"]}])

inputs["allow_patch_scan_clean"] := with_batch([{"kind": "patch_scan", "at": "2026-06-01T00:00:00Z", "at_ms": t0, "findings": 0, "rules": []}])

# settings.refused_hosts 5 wins over a data document's 4 (test_input_settings_win_over_data).
inputs["allow_input_settings_win_over_data"] := json.patch(inputs.allow_four_refused_hosts, [{"op": "replace", "path": "/settings", "value": {"refused_hosts": 5}}])

malformed["empty"] := {}

malformed["run_without_identity"] := json.remove(base, ["run/identity"])

malformed["recent_event_time_not_a_number"] := json.patch(base, [{"op": "replace", "path": "/recent", "value": [json.patch(refused("h1.example", t0), [{"op": "replace", "path": "/at_ms", "value": "1780000000000"}])]}])

malformed["batch_not_array"] := json.patch(base, [{"op": "replace", "path": "/batch", "value": "events"}])

malformed["event_without_time"] := with_batch([{"kind": "egress", "decision": "deny", "host": "evil.example"}])

actions_of(doc) := names if {
	names := object.keys(containment.actions) with input as doc
}

test_allow_empty_batch if {
	containment.allow with input as inputs.allow_empty_batch
	containment.actions == {} with input as inputs.allow_empty_batch
}

test_allow_allowed_egress if containment.allow with input as inputs.allow_allowed_egress

test_allow_four_refused_hosts if containment.allow with input as inputs.allow_four_refused_hosts

test_allow_one_host_refused_often if containment.allow with input as inputs.allow_one_host_refused_often

test_allow_five_hosts_spread_out if containment.allow with input as inputs.allow_five_hosts_spread_out

test_allow_old_burst_already_answered if containment.allow with input as inputs.allow_old_burst_already_answered

test_allow_patch_scan_clean if containment.allow with input as inputs.allow_patch_scan_clean

test_deny_five_refused_hosts if {
	actions_of(inputs.deny_five_refused_hosts) == {"revoke", "suspend", "incident", "notify"}
	some reason in containment.actions.revoke with input as inputs.deny_five_refused_hosts
	startswith(reason, "5 distinct hosts refused within 60 s (threshold 5): h1.example, h2.example")
	not containment.allow with input as inputs.deny_five_refused_hosts
}

test_deny_five_hosts_over_two_batches if actions_of(inputs.deny_five_hosts_over_two_batches) == {"revoke", "suspend", "incident", "notify"}

test_deny_three_hosts_lowered_threshold if {
	actions_of(inputs.deny_three_hosts_lowered_threshold) == {"revoke", "suspend", "incident", "notify"}
	some reason in containment.deny with input as inputs.deny_three_hosts_lowered_threshold
	contains(reason, "(threshold 3)")
}

test_threshold_from_data if {
	actions_of(inputs.allow_four_refused_hosts) == {"revoke", "suspend", "incident", "notify"} with data.airlock.containment_settings as {"refused_hosts": 4}
}

test_input_settings_win_over_data if {
	containment.allow with input as inputs.allow_input_settings_win_over_data with data.airlock.containment_settings as {"refused_hosts": 4}
}

# The App never builds this (the configuration schema bounds refused_hosts, and so does the input
# schema); the policy still ignores it rather than count from 0.
test_invalid_setting_keeps_default if {
	doc := json.patch(inputs.allow_four_refused_hosts, [{"op": "replace", "path": "/settings", "value": {"refused_hosts": 0}}])
	containment.allow with input as doc
}

test_deny_placeholder_misuse if {
	actions_of(inputs.deny_placeholder_misuse) == {"revoke", "suspend", "incident", "notify"}
	containment.actions.suspend == ["placeholder of credential anthropic sent toward evil.example, a host it is not bound to"] with input as inputs.deny_placeholder_misuse
}

test_deny_dlp_block if {
	actions_of(inputs.deny_dlp_block) == {"incident", "notify"}
	containment.actions.incident == ["request to api.anthropic.com blocked by DLP (rules: github-pat)"] with input as inputs.deny_dlp_block
}

test_deny_dlp_block_revokes if actions_of(inputs.deny_dlp_block_revokes) == {"revoke", "incident", "notify"}

test_deny_patch_scan_findings if {
	actions_of(inputs.deny_patch_scan_findings) == {"incident"}
	containment.actions.incident == ["the agent's patch has 2 secret scan finding(s) (rules: aws-access-key)"] with input as inputs.deny_patch_scan_findings
}

test_malformed_inputs_revoke_and_suspend if {
	count(malformed) > 0
	every _, doc in malformed {
		not containment.allow with input as doc
		actions_of(doc) == {"revoke", "suspend"}
	}
}

# The fields `well_formed` reads outside the events, with their types: the jest suite checks the
# input schema requires each with that type (as it does the other packages' required_fields), and
# the test below that the policy contains the identity without any one of them.
required_fields := [
	[["run"], "object"],
	[["run", "repository"], "string"],
	[["run", "identity"], "string"],
	[["batch"], "array"],
]

test_required_fields_missing_or_mistyped_revoke_and_suspend if {
	every field in required_fields {
		pointer := concat("/", field[0])
		missing := json.remove(inputs.allow_empty_batch, [pointer])
		mistyped := json.patch(inputs.allow_empty_batch, [{"op": "replace", "path": sprintf("/%s", [pointer]), "value": 42}])
		actions_of(missing) == {"revoke", "suspend"}
		actions_of(mistyped) == {"revoke", "suspend"}
	}
}
