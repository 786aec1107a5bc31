# Unit tests for airlock.egress. `inputs` holds every well-formed input these tests use and
# `malformed` the ill-formed ones; the jest suite checks each against
# policies/schemas/egress-input.schema.json and replays each through the OPA REST backend.
# Names state the decision: `allow_resolve_*` goes out with its credential resolved, any other
# `allow_*` carries no credential and goes out as it is, `deny_*` is refused.
package airlock.egress_test

import data.airlock.egress
import rego.v1

run := {
	"repository": "acme/widgets",
	"repositories": ["acme/widgets"],
	"identity": "agent",
	"event_name": "push",
	"sha": "3f1c2a9b8e7d6c5b4a39281706f5e4d3c2b1a098",
}

github_token := {"id": "github-token", "kind": "github-token", "placement": "authorization"}

# A REST request with the run's GitHub token.
api(method, path, repository) := {
	"request": {"method": method, "scheme": "https", "host": "api.github.com", "port": 443, "path": path},
	"credential": github_token,
	"github": {"service": "api", "path": path, "repository": repository},
	"aws": null,
	"run": run,
}

# A git smart HTTP request with the run's GitHub token (git sends it as basic auth).
git(method, path, repository) := {
	"request": {"method": method, "scheme": "https", "host": "github.com", "port": 443, "path": path},
	"credential": {"id": "github-token", "kind": "github-token", "placement": "basic"},
	"github": {"service": "git", "path": path, "repository": repository},
	"aws": null,
	"run": run,
}

# A request to a host that is not a GitHub host of the run.
elsewhere(method, host, path, credential) := {
	"request": {"method": method, "scheme": "https", "host": host, "port": 443, "path": path},
	"credential": credential,
	"github": null,
	"aws": null,
	"run": run,
}

aws_session := {"id": "aws", "kind": "cloud", "placement": "aws-sigv4"}

role := "arn:aws:iam::123456789012:role/airlock-agent"

# A request signed with the run's AWS session (the proxy has checked the signature, service and region).
aws(method, host, path, facts) := {
	"request": {"method": method, "scheme": "https", "host": host, "port": 443, "path": path},
	"credential": aws_session,
	"github": null,
	"aws": object.union({"service": "s3", "region": "us-east-1", "operation": null, "bucket": null, "key": null, "presigned": false, "role": role}, facts),
	"run": run,
}

s3(method, path, operation, bucket, key) := aws(method, "s3.us-east-1.amazonaws.com", path, {"operation": operation, "bucket": bucket, "key": key})

# --- The GitHub token within the run's repositories: resolved -----------------------------------

inputs["allow_resolve_pull_listing_in_run_repository"] := api("GET", "/repos/acme/widgets/pulls", "acme/widgets")

inputs["allow_resolve_git_clone_of_run_repository"] := git("GET", "/acme/widgets.git/info/refs", "acme/widgets")

inputs["allow_resolve_git_fetch_of_run_repository"] := git("POST", "/acme/widgets.git/git-upload-pack", "acme/widgets")

inputs["allow_resolve_git_push_to_run_repository"] := git("POST", "/acme/widgets/git-receive-pack", "acme/widgets")

inputs["allow_resolve_issue_comment_in_run_repository"] := api("POST", "/repos/acme/widgets/issues/7/comments", "acme/widgets")

inputs["allow_resolve_get_run_repository"] := api("GET", "/repos/acme/widgets", "acme/widgets")

inputs["allow_resolve_list_org_repositories"] := api("GET", "/orgs/acme/repos", null)

inputs["allow_resolve_graphql"] := api("POST", "/graphql", null)

inputs["allow_resolve_second_run_repository"] := json.patch(api("GET", "/repos/acme/docs/contents/README.md", "acme/docs"), [{"op": "replace", "path": "/run/repositories", "value": ["acme/widgets", "acme/docs"]}])

inputs["allow_resolve_owner_and_name_in_other_case"] := api("GET", "/repos/Acme/Widgets/pulls", "acme/widgets")

inputs["allow_resolve_release_asset_upload"] := json.patch(api("POST", "/repos/acme/widgets/releases/1/assets", "acme/widgets"), [
	{"op": "replace", "path": "/request/host", "value": "uploads.github.com"},
	{"op": "replace", "path": "/github/service", "value": "uploads"},
])

# GitHub Enterprise Server: the Action strips /api/v3 from github.path.
inputs["allow_resolve_enterprise_server_api"] := json.patch(api("GET", "/repos/acme/widgets/pulls", "acme/widgets"), [
	{"op": "replace", "path": "/request/host", "value": "ghes.example.com"},
	{"op": "replace", "path": "/request/path", "value": "/api/v3/repos/acme/widgets/pulls"},
])

# --- Other credentials: resolved toward the hosts they are bound to -----------------------------

inputs["allow_resolve_vault_secret"] := elsewhere("GET", "registry.npmjs.org", "/-/whoami", {"id": "vault:NPM_TOKEN", "kind": "vault-secret", "placement": "authorization"})

inputs["allow_resolve_llm_key"] := elsewhere("POST", "api.anthropic.com", "/v1/messages", {"id": "llm:anthropic", "kind": "llm-key", "placement": "header"})

# --- The run's AWS session: read-only unless granted --------------------------------------------

inputs["allow_resolve_aws_s3_get_object"] := s3("GET", "/acme-artifacts/build.tar.gz", "GetObject", "acme-artifacts", "build.tar.gz")

inputs["allow_resolve_aws_s3_list_objects"] := s3("GET", "/acme-artifacts", "ListObjectsV2", "acme-artifacts", null)

inputs["allow_resolve_aws_s3_head_object"] := s3("HEAD", "/acme-artifacts/build.tar.gz", "HeadObject", "acme-artifacts", "build.tar.gz")

inputs["allow_resolve_aws_caller_identity"] := aws("POST", "sts.us-east-1.amazonaws.com", "/", {"service": "sts", "operation": "GetCallerIdentity"})

inputs["allow_resolve_aws_dynamodb_query"] := aws("POST", "dynamodb.eu-west-1.amazonaws.com", "/", {"service": "dynamodb", "region": "eu-west-1", "operation": "Query"})

inputs["allow_resolve_aws_rest_get_without_operation"] := aws("GET", "lambda.us-east-1.amazonaws.com", "/2015-03-31/functions", {"service": "lambda"})

inputs["deny_aws_s3_put_object"] := s3("PUT", "/acme-artifacts/uploads/x.txt", "PutObject", "acme-artifacts", "uploads/x.txt")

inputs["deny_aws_s3_delete_object"] := s3("DELETE", "/acme-artifacts/build.tar.gz", "DeleteObject", "acme-artifacts", "build.tar.gz")

inputs["deny_aws_s3_bucket_policy"] := s3("PUT", "/acme-artifacts", "PutBucketPolicy", "acme-artifacts", null)

inputs["deny_aws_rest_post_without_operation"] := aws("POST", "lambda.us-east-1.amazonaws.com", "/2015-03-31/functions/f/invocations", {"service": "lambda"})

inputs["deny_aws_assume_role"] := aws("POST", "sts.us-east-1.amazonaws.com", "/", {"service": "sts", "operation": "AssumeRole"})

inputs["deny_aws_get_session_token"] := aws("POST", "sts.us-east-1.amazonaws.com", "/", {"service": "sts", "operation": "GetSessionToken"})

inputs["deny_aws_secret_value"] := aws("POST", "secretsmanager.us-east-1.amazonaws.com", "/", {"service": "secretsmanager", "operation": "GetSecretValue"})

inputs["deny_aws_presigned_get"] := json.patch(s3("GET", "/acme-artifacts/build.tar.gz", "GetObject", "acme-artifacts", "build.tar.gz"), [{"op": "replace", "path": "/aws/presigned", "value": true}])

# --- No credential: allowed as it is -------------------------------------------------------------

inputs["allow_package_download_without_credential"] := elsewhere("GET", "registry.npmjs.org", "/left-pad", null)

# The repository rules guard the token, not the host: without it GitHub serves only public data.
inputs["allow_clone_of_other_repository_without_credential"] := json.patch(git("GET", "/octo/lib.git/info/refs", "octo/lib"), [{"op": "replace", "path": "/credential", "value": null}])

inputs["allow_gist_read_without_credential"] := json.patch(api("GET", "/gists/aa5a315d61ae9438b18d", null), [{"op": "replace", "path": "/credential", "value": null}])

# --- The GitHub token outside the run's repositories: refused ----------------------------------

inputs["deny_other_repository_via_api"] := api("GET", "/repos/evil/loot/pulls", "evil/loot")

inputs["deny_other_repository_via_git"] := git("POST", "/evil/loot.git/git-receive-pack", "evil/loot")

inputs["deny_gist_create"] := api("POST", "/gists", null)

inputs["deny_gist_read"] := api("GET", "/gists/aa5a315d61ae9438b18d", null)

inputs["deny_gist_push_on_gist_host"] := json.patch(git("POST", "/aa5a315d61ae9438b18d.git/git-receive-pack", "aa5a315d61ae9438b18d.git/git-receive-pack"), [{"op": "replace", "path": "/request/host", "value": "gist.github.com"}])

inputs["deny_repository_create_for_user"] := api("POST", "/user/repos", null)

inputs["deny_repository_create_for_user_trailing_slash"] := api("POST", "/user/repos/", null)

inputs["deny_repository_create_in_org"] := api("POST", "/orgs/acme/repos", null)

inputs["deny_fork_of_run_repository"] := api("POST", "/repos/acme/widgets/forks", "acme/widgets")

inputs["deny_generate_from_run_repository"] := api("POST", "/repos/acme/widgets/generate", "acme/widgets")

inputs["deny_transfer_of_run_repository"] := api("POST", "/repos/acme/widgets/transfer", "acme/widgets")

inputs["deny_repository_webhook_create"] := api("POST", "/repos/acme/widgets/hooks", "acme/widgets")

inputs["deny_repository_webhook_url_change"] := api("PATCH", "/repos/acme/widgets/hooks/12/config", "acme/widgets")

inputs["deny_repository_webhook_list"] := api("GET", "/repos/acme/widgets/hooks", "acme/widgets")

inputs["deny_repository_webhook_in_other_case"] := api("POST", "/repos/Acme/Widgets/Hooks", "acme/widgets")

inputs["deny_org_webhook_create"] := api("POST", "/orgs/acme/hooks", null)

inputs["deny_repository_delete"] := api("DELETE", "/repos/acme/widgets", "acme/widgets")

inputs["deny_repository_delete_lower_case_method"] := api("delete", "/repos/acme/widgets", "acme/widgets")

inputs["deny_repository_settings_change"] := api("PATCH", "/repos/acme/widgets", "acme/widgets")

inputs["deny_repository_by_id"] := api("GET", "/repositories/1", null)

inputs["deny_repository_by_id_contents_write"] := api("PUT", "/repositories/1/contents/leak.txt", null)

inputs["deny_git_without_repository"] := git("GET", "/acme", null)

inputs["deny_github_token_toward_non_github_host"] := elsewhere("POST", "collector.example.net", "/upload", github_token)

# The Action's parse and the path disagree: the policy trusts neither alone.
inputs["deny_repository_disagrees_with_path"] := api("DELETE", "/repos/evil/loot/git/refs/heads/main", "acme/widgets")

malformed["empty"] := {}

# Well-formed for the schema, which does not tie aws to the credential's kind; the policy does.
inputs["deny_aws_session_without_facts"] := json.patch(s3("GET", "/acme-artifacts/x", "GetObject", "acme-artifacts", "x"), [{"op": "replace", "path": "/aws", "value": null}])

malformed["aws_presigned_not_boolean"] := json.patch(s3("GET", "/acme-artifacts/x", "GetObject", "acme-artifacts", "x"), [{"op": "replace", "path": "/aws/presigned", "value": "no"}])

malformed["aws_missing"] := json.remove(s3("GET", "/acme-artifacts/x", "GetObject", "acme-artifacts", "x"), ["aws"])

malformed["credential_missing"] := json.remove(api("GET", "/repos/acme/widgets/pulls", "acme/widgets"), ["credential"])

malformed["credential_string"] := json.patch(api("GET", "/repos/acme/widgets/pulls", "acme/widgets"), [{"op": "replace", "path": "/credential", "value": "github-token"}])

malformed["credential_kind_unknown"] := json.patch(elsewhere("GET", "example.org", "/", github_token), [{"op": "replace", "path": "/credential/kind", "value": "ssh-key"}])

malformed["credential_kind_missing"] := json.remove(api("GET", "/repos/acme/widgets/pulls", "acme/widgets"), ["credential/kind"])

malformed["github_missing"] := json.remove(elsewhere("GET", "registry.npmjs.org", "/left-pad", null), ["github"])

malformed["github_repository_missing"] := json.remove(api("GET", "/repos/acme/widgets/pulls", "acme/widgets"), ["github/repository"])

malformed["github_service_unknown"] := json.patch(api("GET", "/repos/acme/widgets/pulls", "acme/widgets"), [{"op": "replace", "path": "/github/service", "value": "pages"}])

malformed["request_method_missing"] := json.remove(api("GET", "/repos/acme/widgets/pulls", "acme/widgets"), ["request/method"])

malformed["run_repositories_string"] := json.patch(api("GET", "/repos/acme/widgets/pulls", "acme/widgets"), [{"op": "replace", "path": "/run/repositories", "value": "acme/widgets"}])

decision(doc) := {"allow": a, "deny": d, "resolve": r} if {
	a := egress.allow with input as doc
	d := egress.deny with input as doc
	r := egress.resolve with input as doc
}

# Goes out with its credential resolved.
resolved(doc) if decision(doc) == {"allow": true, "deny": set(), "resolve": true}

# Goes out as it is (no credential to resolve).
allowed(doc) if decision(doc) == {"allow": true, "deny": set(), "resolve": false}

# Refused, with a message that contains `fragment`.
denied(doc, fragment) if {
	d := decision(doc)
	d.allow == false
	d.resolve == false
	some msg in d.deny
	contains(msg, fragment)
}

test_allow_resolve_pull_listing_in_run_repository if resolved(inputs.allow_resolve_pull_listing_in_run_repository)

test_allow_resolve_git_clone_of_run_repository if resolved(inputs.allow_resolve_git_clone_of_run_repository)

test_allow_resolve_git_fetch_of_run_repository if resolved(inputs.allow_resolve_git_fetch_of_run_repository)

test_allow_resolve_git_push_to_run_repository if resolved(inputs.allow_resolve_git_push_to_run_repository)

test_allow_resolve_issue_comment_in_run_repository if resolved(inputs.allow_resolve_issue_comment_in_run_repository)

# Only DELETE and PATCH of the repository itself are refused.
test_allow_resolve_get_run_repository if resolved(inputs.allow_resolve_get_run_repository)

# Only POST to /orgs/{org}/repos creates a repository.
test_allow_resolve_list_org_repositories if resolved(inputs.allow_resolve_list_org_repositories)

test_allow_resolve_graphql if resolved(inputs.allow_resolve_graphql)

test_allow_resolve_second_run_repository if resolved(inputs.allow_resolve_second_run_repository)

test_allow_resolve_owner_and_name_in_other_case if resolved(inputs.allow_resolve_owner_and_name_in_other_case)

test_allow_resolve_release_asset_upload if resolved(inputs.allow_resolve_release_asset_upload)

test_allow_resolve_enterprise_server_api if resolved(inputs.allow_resolve_enterprise_server_api)

test_allow_resolve_vault_secret if resolved(inputs.allow_resolve_vault_secret)

test_allow_resolve_llm_key if resolved(inputs.allow_resolve_llm_key)

test_allow_resolve_aws_s3_get_object if resolved(inputs.allow_resolve_aws_s3_get_object)

test_allow_resolve_aws_s3_list_objects if resolved(inputs.allow_resolve_aws_s3_list_objects)

test_allow_resolve_aws_s3_head_object if resolved(inputs.allow_resolve_aws_s3_head_object)

test_allow_resolve_aws_caller_identity if resolved(inputs.allow_resolve_aws_caller_identity)

test_allow_resolve_aws_dynamodb_query if resolved(inputs.allow_resolve_aws_dynamodb_query)

test_allow_resolve_aws_rest_get_without_operation if resolved(inputs.allow_resolve_aws_rest_get_without_operation)

test_deny_aws_s3_put_object if denied(inputs.deny_aws_s3_put_object, "PUT s3 PutObject in us-east-1 (acme-artifacts/uploads/x.txt) writes or acts; the shipped egress policy lets the agent's AWS session only read")

test_deny_aws_s3_delete_object if denied(inputs.deny_aws_s3_delete_object, "DELETE s3 DeleteObject in us-east-1")

test_deny_aws_s3_bucket_policy if denied(inputs.deny_aws_s3_bucket_policy, "PUT s3 PutBucketPolicy in us-east-1 (bucket acme-artifacts) writes or acts")

test_deny_aws_rest_post_without_operation if denied(inputs.deny_aws_rest_post_without_operation, "names no operation Airlock can read")

test_deny_aws_assume_role if denied(inputs.deny_aws_assume_role, "POST sts AssumeRole in us-east-1 hands credentials or secrets back in the clear")

test_deny_aws_get_session_token if denied(inputs.deny_aws_get_session_token, "GetSessionToken in us-east-1 hands credentials or secrets back")

test_deny_aws_secret_value if denied(inputs.deny_aws_secret_value, "GetSecretValue in us-east-1 hands credentials or secrets back")

test_deny_aws_presigned_get if denied(inputs.deny_aws_presigned_get, "is a presigned URL")

test_deny_aws_session_without_facts if denied(inputs.deny_aws_session_without_facts, "credential aws is an AWS session but input.aws is null")

test_deny_aws_presigned_not_boolean if denied(malformed.aws_presigned_not_boolean, "input.aws.presigned must be a boolean")

test_deny_aws_missing if denied(malformed.aws_missing, "input.aws must be an object or null")

# A grant lets exactly what it names through: the operation, in its bucket (and region, if listed).
test_aws_grant_allows_the_write_it_names if {
	grants := {{"service": "s3", "operations": ["PutObject"], "buckets": ["acme-artifacts"]}}
	resolved(inputs.deny_aws_s3_put_object) with egress.aws_grants as grants
	denied(inputs.deny_aws_s3_delete_object, "DeleteObject") with egress.aws_grants as grants
	other_bucket := json.patch(inputs.deny_aws_s3_put_object, [{"op": "replace", "path": "/aws/bucket", "value": "elsewhere"}])
	denied(other_bucket, "PutObject") with egress.aws_grants as grants
	in_region := {{"service": "s3", "operations": ["PutObject"], "regions": ["eu-west-1"]}}
	denied(inputs.deny_aws_s3_put_object, "PutObject") with egress.aws_grants as in_region
}

# No grant lets the session mint credentials for the agent.
test_aws_grant_cannot_allow_credential_operations if {
	grants := {{"service": "sts", "operations": ["AssumeRole", "GetSessionToken"]}}
	denied(inputs.deny_aws_assume_role, "hands credentials") with egress.aws_grants as grants
	denied(inputs.deny_aws_get_session_token, "hands credentials") with egress.aws_grants as grants
}

test_aws_presigned_grant_allows_presigned if {
	resolved(inputs.deny_aws_presigned_get) with egress.aws_presigned_grants as {{"service": "s3", "operations": ["GetObject"]}}
}

test_allow_package_download_without_credential if allowed(inputs.allow_package_download_without_credential)

test_allow_clone_of_other_repository_without_credential if allowed(inputs.allow_clone_of_other_repository_without_credential)

test_allow_gist_read_without_credential if allowed(inputs.allow_gist_read_without_credential)

test_deny_other_repository_via_api if denied(inputs.deny_other_repository_via_api, "GET api.github.com/repos/evil/loot/pulls: repository evil/loot is not one the run's GitHub token is narrowed to (acme/widgets)")

test_deny_other_repository_via_git if denied(inputs.deny_other_repository_via_git, "POST github.com/evil/loot.git/git-receive-pack: repository evil/loot is not one the run's GitHub token is narrowed to (acme/widgets)")

test_deny_gist_create if denied(inputs.deny_gist_create, "POST api.github.com/gists: gists live outside every repository")

test_deny_gist_read if denied(inputs.deny_gist_read, "GET api.github.com/gists/aa5a315d61ae9438b18d: gists live outside every repository")

test_deny_gist_push_on_gist_host if denied(inputs.deny_gist_push_on_gist_host, "POST gist.github.com/aa5a315d61ae9438b18d.git/git-receive-pack: gists live outside every repository")

test_deny_repository_create_for_user if denied(inputs.deny_repository_create_for_user, "POST api.github.com/user/repos creates a repository")

test_deny_repository_create_for_user_trailing_slash if denied(inputs.deny_repository_create_for_user_trailing_slash, "POST api.github.com/user/repos/ creates a repository")

test_deny_repository_create_in_org if denied(inputs.deny_repository_create_in_org, "POST api.github.com/orgs/acme/repos creates a repository")

test_deny_fork_of_run_repository if denied(inputs.deny_fork_of_run_repository, "POST api.github.com/repos/acme/widgets/forks forks the repository")

test_deny_generate_from_run_repository if denied(inputs.deny_generate_from_run_repository, "POST api.github.com/repos/acme/widgets/generate creates a repository from a template")

test_deny_transfer_of_run_repository if denied(inputs.deny_transfer_of_run_repository, "POST api.github.com/repos/acme/widgets/transfer transfers the repository to another owner")

test_deny_repository_webhook_create if denied(inputs.deny_repository_webhook_create, "POST api.github.com/repos/acme/widgets/hooks manages webhooks")

test_deny_repository_webhook_url_change if denied(inputs.deny_repository_webhook_url_change, "PATCH api.github.com/repos/acme/widgets/hooks/12/config manages webhooks")

test_deny_repository_webhook_list if denied(inputs.deny_repository_webhook_list, "GET api.github.com/repos/acme/widgets/hooks manages webhooks")

test_deny_repository_webhook_in_other_case if denied(inputs.deny_repository_webhook_in_other_case, "POST api.github.com/repos/Acme/Widgets/Hooks manages webhooks")

test_deny_org_webhook_create if denied(inputs.deny_org_webhook_create, "POST api.github.com/orgs/acme/hooks manages webhooks: a webhook sends organization events")

test_deny_repository_delete if denied(inputs.deny_repository_delete, "DELETE api.github.com/repos/acme/widgets deletes the repository")

test_deny_repository_delete_lower_case_method if denied(inputs.deny_repository_delete_lower_case_method, "DELETE api.github.com/repos/acme/widgets deletes the repository")

test_deny_repository_settings_change if denied(inputs.deny_repository_settings_change, "PATCH api.github.com/repos/acme/widgets changes the repository's settings")

test_deny_repository_by_id if denied(inputs.deny_repository_by_id, "GET api.github.com/repositories/1 addresses a repository by its numeric id")

test_deny_repository_by_id_contents_write if denied(inputs.deny_repository_by_id_contents_write, "PUT api.github.com/repositories/1/contents/leak.txt addresses a repository by its numeric id")

test_deny_git_without_repository if denied(inputs.deny_git_without_repository, "GET github.com/acme is a git request that names no repository")

test_deny_github_token_toward_non_github_host if denied(inputs.deny_github_token_toward_non_github_host, "POST collector.example.net/upload carries the GitHub token (credential github-token), but collector.example.net is not one of the run's GitHub hosts")

test_deny_repository_disagrees_with_path if denied(inputs.deny_repository_disagrees_with_path, "input.github.repository is acme/widgets but the path names evil/loot")

test_deny_empty_input if denied(malformed.empty, "input.request must be an object")

test_deny_credential_missing if denied(malformed.credential_missing, "input.credential must be an object or null")

test_deny_credential_string if denied(malformed.credential_string, "input.credential must be an object or null")

test_deny_credential_kind_unknown if denied(malformed.credential_kind_unknown, "credential github-token has kind ssh-key, which this policy does not know")

test_deny_credential_kind_missing if denied(malformed.credential_kind_missing, "input.credential.kind must be a string")

# A request without a credential still needs a well-formed document.
test_deny_github_missing if denied(malformed.github_missing, "input.github must be an object or null")

test_deny_github_repository_missing if denied(malformed.github_repository_missing, "input.github.repository must be a string or null")

test_deny_github_service_unknown if denied(malformed.github_service_unknown, "input.github.service must be one of api, git, uploads (got pages)")

test_deny_request_method_missing if denied(malformed.request_method_missing, "input.request.method must be a string")

test_deny_run_repositories_string if denied(malformed.run_repositories_string, "input.run.repositories must be an array")

# A null object's fields are not required, and a missing one is not null.
test_null_objects_are_well_formed if {
	egress.well_formed with input as inputs.allow_package_download_without_credential
	not egress.well_formed with input as malformed.github_missing
	not egress.well_formed with input as malformed.credential_missing
}

deny_cases := {name: doc | some name, doc in inputs; startswith(name, "deny_")}

resolve_cases := {name: doc | some name, doc in inputs; startswith(name, "allow_resolve_")}

plain_allow_cases := {name: doc | some name, doc in inputs; startswith(name, "allow_"); not startswith(name, "allow_resolve_")}

test_every_deny_case_denies_with_a_reason if {
	count(deny_cases) > 0
	every _, doc in deny_cases {
		d := decision(doc)
		d.allow == false
		d.resolve == false
		count(d.deny) > 0
	}
}

test_every_allow_resolve_case_resolves if {
	count(resolve_cases) > 0
	every _, doc in resolve_cases {
		resolved(doc)
	}
}

# Allowed without resolving is only ever a request that carries no credential: a placeholder
# never goes out unresolved.
test_every_other_allow_case_carries_no_credential if {
	count(plain_allow_cases) > 0
	every _, doc in plain_allow_cases {
		allowed(doc)
		doc.credential == null
	}
}

test_malformed_inputs_never_allow if {
	count(malformed) > 0
	every _, doc in malformed {
		d := decision(doc)
		d.allow == false
		d.resolve == false
		count(d.deny) > 0
	}
}

# --- Google Cloud and Azure tokens --------------------------------------------------------------

gcp_token := {"id": "gcp", "kind": "gcp-token", "placement": "authorization"}

azure_token := {"id": "azure", "kind": "azure-token", "placement": "authorization"}

# A request carrying the run's Google Cloud or Azure placeholder bearer token.
cloud_request(method, host, path, credential, facts) := {
	"request": {"method": method, "scheme": "https", "host": host, "port": 443, "path": path},
	"credential": credential,
	"github": null,
	"aws": null,
	"cloud": facts,
	"run": run,
}

gcs(method, path) := cloud_request(method, "storage.googleapis.com", path, gcp_token, {"provider": "gcp", "service": "storage", "identity": "airlock-agent@acme-widgets.iam.gserviceaccount.com"})

arm(method, path) := cloud_request(method, "management.azure.com", path, azure_token, {"provider": "azure", "service": "https://management.azure.com", "identity": "0b6e8a3c-5f21-4d7e-9c48-1a2b3c4d5e6f"})

inputs["allow_resolve_gcp_storage_read"] := gcs("GET", "/storage/v1/b/acme-widgets-data/o/reports%2Fbuild.txt")

inputs["allow_resolve_azure_resource_groups_read"] := arm("GET", "/subscriptions/5a1c9e0d/resourcegroups")

inputs["deny_gcp_storage_upload"] := gcs("POST", "/upload/storage/v1/b/acme-widgets-data/o")

inputs["deny_azure_resource_group_write"] := arm("PUT", "/subscriptions/5a1c9e0d/resourcegroups/new-rg")

inputs["deny_gcp_generate_access_token"] := cloud_request("POST", "iamcredentials.googleapis.com", "/v1/projects/-/serviceAccounts/x@p.iam.gserviceaccount.com:generateAccessToken", gcp_token, {"provider": "gcp", "service": "iamcredentials", "identity": "x"})

inputs["deny_gcp_secret_access"] := cloud_request("GET", "secretmanager.googleapis.com", "/v1/projects/p/secrets/s/versions/latest:access", gcp_token, {"provider": "gcp", "service": "secretmanager", "identity": "x"})

inputs["deny_azure_key_vault_secret"] := cloud_request("GET", "acme.vault.azure.net", "/secrets/db-password", azure_token, {"provider": "azure", "service": "https://vault.azure.net", "identity": "x"})

# Well-formed for the schema (it cannot relate the credential to input.cloud), refused by the policy.
test_cloud_facts_follow_the_credential if {
	denied(json.remove(gcs("GET", "/storage/v1/b"), ["/cloud"]), "input.cloud is not")
	denied(json.patch(gcs("GET", "/storage/v1/b"), [{"op": "replace", "path": "/cloud/provider", "value": "azure"}]), "input.cloud is not")
	denied(json.patch(gcs("GET", "/storage/v1/b"), [{"op": "replace", "path": "/credential", "value": null}]), "input.cloud is set")
	denied(json.patch(gcs("GET", "/storage/v1/b"), [{"op": "replace", "path": "/credential", "value": aws_session}]), "input.cloud is set")
}

test_cloud_writes_need_a_grant if {
	grants := {{"provider": "gcp", "service": "storage", "methods": ["POST"]}, {"provider": "azure", "service": "https://management.azure.com", "methods": ["PUT"]}}
	resolved(inputs.deny_gcp_storage_upload) with egress.cloud_grants as grants
	resolved(inputs.deny_azure_resource_group_write) with egress.cloud_grants as grants
	denied(inputs.deny_gcp_storage_upload, "only read") with egress.cloud_grants as {{"provider": "gcp", "service": "bigquery", "methods": ["POST"]}}
	denied(inputs.deny_gcp_storage_upload, "cloud_grants contains")
}

test_cloud_credential_services_refused_whatever_is_granted if {
	grants := {{"provider": "gcp", "service": "iamcredentials", "methods": ["POST"]}}
	denied(inputs.deny_gcp_generate_access_token, "hands credentials") with egress.cloud_grants as grants
	denied(inputs.deny_gcp_secret_access, "hands credentials")
	denied(inputs.deny_azure_key_vault_secret, "hands credentials")
}
