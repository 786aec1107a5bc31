# Airlock's default egress policy: the proxy asks it before forwarding each request it inspects.
# The agent holds placeholders only; the proxy substitutes ("resolves") the real credential in an
# allowed header position toward the hosts that credential is bound to. By the time this policy
# is asked, the proxy has already checked its host allow-list and the credential's host binding;
# this policy adds method and path rules against allowed-host abuse (THREATS.md §C 10: gists,
# issue/PR comments, repository creation, package publish, webhook URLs): the run's GitHub token
# is resolved only for requests that stay within the run's repositories. The run's AWS session
# (credential kind `cloud`, request facts in `aws`) is resolved, by signing the request again, only
# for operations that read, unless a policy module grants more (see "AWS requests" below).
# Input: policies/schemas/egress-input.schema.json. Decision: refused unless `allow` is true and
# `deny` is empty; a request that carries a credential goes out (with the credential resolved)
# only if `resolve` is also true, since a placeholder never leaves unresolved. Every deny message
# says what is wrong and how to fix it.
package airlock.egress

import rego.v1

default allow := false

default resolve := false

# The fields every decision needs, with their types (anything missing or mistyped denies). A
# field below `credential` or `github` is required only when that object is there: both may be
# null (see nullable_fields).
required_fields := [
	[["request"], "object"],
	[["request", "method"], "string"],
	[["request", "host"], "string"],
	[["request", "path"], "string"],
	[["credential", "id"], "string"],
	[["credential", "kind"], "string"],
	[["github", "service"], "string"],
	[["github", "path"], "string"],
	[["aws", "service"], "string"],
	[["aws", "region"], "string"],
	[["aws", "presigned"], "boolean"],
	[["aws", "role"], "string"],
	[["run"], "object"],
	[["run", "repositories"], "array"],
]

# Fields that must be present and either null or of the given type.
nullable_fields := [
	[["credential"], "object"],
	[["github"], "object"],
	[["github", "repository"], "string"],
	[["aws"], "object"],
	[["aws", "operation"], "string"],
	[["aws", "bucket"], "string"],
	[["aws", "key"], "string"],
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

# Every parent of a required field is itself required or nullable, so skipping a field whose
# parent is absent never hides a missing required object.
field_ok(path, want) if has_type(path, want)

field_ok(path, _) if not parent_present(path)

nullable_ok(path, want) if has_type(path, want)

nullable_ok(path, _) if null_at(path)

nullable_ok(path, _) if not parent_present(path)

# Present and null: a missing field is not null. Spelled out by depth because the embedded
# evaluator's object.get answers its default for a present null (OPA answers the null).
null_at(path) if {
	count(path) == 1
	is_null(input[path[0]])
}

null_at(path) if {
	count(path) == 2
	is_null(input[path[0]][path[1]])
}

well_formed if {
	every field in required_fields {
		field_ok(field[0], field[1])
	}
	every field in nullable_fields {
		nullable_ok(field[0], field[1])
	}
}

deny contains msg if {
	some field in required_fields
	[path, want] := field
	not has_type(path, want)
	parent_present(path)
	msg := sprintf("input.%s must be %s; the Action builds this document from the request the proxy intercepted and the run's settings, so the caller has a bug", [concat(".", path), articles[want]])
}

deny contains msg if {
	some field in nullable_fields
	[path, want] := field
	not nullable_ok(path, want)
	msg := sprintf("input.%s must be %s or null; the Action builds this document from the request the proxy intercepted and the run's settings, so the caller has a bug", [concat(".", path), articles[want]])
}

# --- Credentials --------------------------------------------------------------------------------

credential_kinds := {"github-token", "vault-secret", "llm-key", "cloud", "gcp-token", "azure-token"}

# Vault secrets and LLM keys go out resolved toward the hosts they are bound to; the proxy has
# checked that binding before asking, and a path rule here would only guess at each service's API.
bound_by_host_only := {"vault-secret", "llm-key"}

github_token if input.credential.kind == "github-token"

deny contains msg if {
	is_string(input.credential.kind)
	not input.credential.kind in credential_kinds
	msg := sprintf("credential %v has kind %s, which this policy does not know (it knows %s); the Action has a bug, or the new kind needs a rule in this policy", [input.credential.id, input.credential.kind, concat(", ", sort(credential_kinds))])
}

credential_ok if is_null(input.credential)

credential_ok if input.credential.kind in bound_by_host_only

credential_ok if {
	github_token
	github_token_ok
}

credential_ok if {
	input.credential.kind == "cloud"
	aws_ok
}

credential_ok if {
	input.credential.kind in cloud_token_kinds
	cloud_token_ok
}

# Stated positively as well as through `deny`, so a deny rule that fails to fire on odd input
# cannot by itself let a request through.
allow if {
	well_formed
	count(deny) == 0
	github_ok
	aws_facts_ok
	cloud_facts_ok
	credential_ok
}

# Only an allowed request that carries a credential has anything to resolve.
resolve if {
	allow
	is_object(input.credential)
}

# --- GitHub requests ----------------------------------------------------------------------------

github_services := {"api", "git", "uploads"}

github_ok if is_null(input.github)

github_ok if input.github.service in github_services

deny contains msg if {
	is_string(input.github.service)
	not input.github.service in github_services
	msg := sprintf("input.github.service must be one of %s (got %s); the Action builds this document from the request the proxy intercepted, so the caller has a bug", [concat(", ", sort(github_services)), input.github.service])
}

method := upper(input.request.method)

target := sprintf("%s %s%s", [method, input.request.host, input.request.path])

run_repositories := concat(", ", input.run.repositories)

# The path's segments, lower-cased: GitHub matches owner and repository names case-insensitively
# (https://docs.github.com/en/rest/repos/repos#get-a-repository), and lower-casing the rest only
# makes the deny rules below match more, never less. Empty segments (`//`, a trailing `/`) are
# dropped for the same reason.
segments := [s | some s in split(lower(input.github.path), "/"); s != ""]

# The repository the path names, parsed the way the Action parses github.repository: REST and
# uploads `/repos/{owner}/{repo}/...`, git smart HTTP `/{owner}/{repo}(.git)?/...`
# (https://git-scm.com/docs/http-protocol). The rules below read the path; this ties them to the
# repository the Action checked, so the two cannot describe different repositories.
default path_repository := null

path_repository := concat("/", [segments[1], segments[2]]) if {
	input.github.service in {"api", "uploads"}
	count(segments) >= 3
	segments[0] == "repos"
}

path_repository := concat("/", [segments[0], trim_suffix(segments[1], ".git")]) if {
	input.github.service == "git"
	count(segments) >= 2
}

# The GitHub token may go out only for requests that stay within the run's repositories: toward a
# repository the token is narrowed to, or to an API path that names no repository (the user, a
# search, GraphQL). `POST /graphql` is allowed: its body names the operation, which this
# path-based policy does not inspect; there the token's own narrowing (its repositories and
# permissions) still bounds what it can do.
within_run if input.github.repository in input.run.repositories

within_run if {
	is_null(input.github.repository)
	input.github.service != "git"
	not by_repository_id
}

github_token_ok if {
	is_object(input.github)
	within_run
	path_repository == input.github.repository
	count(github_token_refusals) == 0
}

deny contains msg if {
	github_token
	some msg in github_token_refusals
}

github_token_refusals contains msg if {
	is_null(input.github)
	msg := sprintf("%s carries the GitHub token (credential %s), but %s is not one of the run's GitHub hosts; the token is resolved only toward those (the proxy's host binding should have refused this first, so the caller has a bug)", [target, input.credential.id, input.request.host])
}

# Gists belong to no repository, so no narrowing of the token covers them, and a secret gist is a
# classic exfiltration channel (THREATS.md §C 10; https://docs.github.com/en/rest/gists/gists).
# Gists live on their own host (gist.github.com, gist.HOSTNAME), or under /gist on a GitHub
# Enterprise Server without subdomain isolation
# (https://docs.github.com/en/enterprise-server@latest/admin/configuration/hardening-security-for-your-enterprise/enabling-subdomain-isolation).
github_token_refusals contains msg if {
	gist
	msg := sprintf("%s: gists live outside every repository (a classic exfiltration channel), so the run's GitHub token is never resolved for them; keep the content in a file or a pull request in %s", [target, run_repositories])
}

gist if segments[0] in {"gists", "gist"}

gist if startswith(lower(input.request.host), "gist.")

github_token_refusals contains msg if {
	is_string(input.github.repository)
	not input.github.repository in input.run.repositories
	msg := sprintf("%s: repository %s is not one the run's GitHub token is narrowed to (%s); work in those, or add the repository to the trust policy and to the repositories the run asks for", [target, input.github.repository, run_repositories])
}

# GitHub answers `/repositories/{id}/...` for the repository with that numeric id, an alias
# clients use (https://github.com/hub4j/github-api/issues/515); an id cannot be matched against
# the run's `owner/name` repositories.
by_repository_id if {
	input.github.service != "git"
	count(segments) >= 2
	segments[0] == "repositories"
}

github_token_refusals contains msg if {
	by_repository_id
	msg := sprintf("%s addresses a repository by its numeric id, which this policy cannot match against the run's repositories (%s); use /repos/{owner}/{repo}/... instead", [target, run_repositories])
}

github_token_refusals contains msg if {
	input.github.service == "git"
	is_null(input.github.repository)
	msg := sprintf("%s is a git request that names no repository; the GitHub token is resolved for git only toward the run's repositories (%s): use a remote like https://%s/{owner}/{repo}.git", [target, run_repositories, input.request.host])
}

github_token_refusals contains msg if {
	is_string(input.github.path)
	input.github.service in github_services
	path_repository != input.github.repository
	msg := sprintf("%s: input.github.repository is %v but the path names %v; the Action parses both from the same path, so the caller has a bug", [target, input.github.repository, path_repository])
}

github_token_refusals contains msg if {
	input.github.service != "git"
	some reason in refused_routes
	msg := sprintf("%s %s", [target, reason])
}

# REST routes the run's GitHub token is never resolved for, even inside the run's repositories,
# each with why and what to do instead (https://docs.github.com/en/rest/repos/repos).
refused_routes contains "creates a repository: a new repository is a place outside the run's repositories to copy code and data to; create repositories yourself, outside the agent run" if {
	method == "POST"
	segments == ["user", "repos"]
}

refused_routes contains "creates a repository: a new repository is a place outside the run's repositories to copy code and data to; create repositories yourself, outside the agent run" if {
	method == "POST"
	count(segments) == 3
	segments[0] == "orgs"
	segments[2] == "repos"
}

# https://docs.github.com/en/rest/repos/forks#create-a-fork
refused_routes contains "forks the repository: a fork copies it to an account outside the run; fork it yourself if you need to" if {
	method == "POST"
	repository_route("forks")
}

# https://docs.github.com/en/rest/repos/repos#create-a-repository-using-a-template
refused_routes contains "creates a repository from a template: a new repository is a place outside the run's repositories to copy code and data to; create repositories yourself, outside the agent run" if {
	method == "POST"
	repository_route("generate")
}

# https://docs.github.com/en/rest/repos/repos#transfer-a-repository: moving the repository to
# another owner takes it out of the run (and out of the organization) as surely as a copy.
refused_routes contains "transfers the repository to another owner; transfer it yourself if you mean to" if {
	method == "POST"
	repository_route("transfer")
}

# A webhook sends repository events, with their contents, to any URL it names, and keeps doing so
# after the run (https://docs.github.com/en/rest/repos/webhooks,
# https://docs.github.com/en/rest/orgs/webhooks). Every method: listing hooks reads their URLs
# and configuration too.
refused_routes contains "manages webhooks: a webhook sends repository events and contents to any URL it names; manage webhooks yourself, outside the agent run" if {
	count(segments) >= 4
	segments[0] == "repos"
	segments[3] == "hooks"
}

refused_routes contains "manages webhooks: a webhook sends organization events and contents to any URL it names; manage webhooks yourself, outside the agent run" if {
	count(segments) >= 3
	segments[0] == "orgs"
	segments[2] == "hooks"
}

# https://docs.github.com/en/rest/repos/repos#delete-a-repository
refused_routes contains "deletes the repository; an agent run never deletes repositories: delete it yourself if you mean to" if {
	method == "DELETE"
	count(segments) == 3
	segments[0] == "repos"
}

# https://docs.github.com/en/rest/repos/repos#update-a-repository: among the settings is
# visibility, which can make a private repository public.
refused_routes contains "changes the repository's settings (visibility among them: it can make a private repository public); change settings yourself, outside the agent run" if {
	method == "PATCH"
	count(segments) == 3
	segments[0] == "repos"
}

# `/repos/{owner}/{repo}/{name}` exactly.
repository_route(name) if {
	count(segments) == 4
	segments[0] == "repos"
	segments[3] == name
}

# --- AWS requests -------------------------------------------------------------------------------
#
# The agent holds placeholder AWS credentials; the proxy checks each request's SigV4 signature
# against them, then signs it again with the run's real STS session. `input.aws` says what the
# request does: the service and region it was signed for (the proxy has checked they are what the
# host serves), the operation (S3 from method, path and sub-resource; Query APIs from `Action`;
# JSON APIs from `X-Amz-Target`; null when the request names none), S3's bucket and key, and
# whether it is a presigned URL. Shipped default: read-only. Anything else needs a grant, added
# in a module of this package in your policy directory (AIRLOCK_POLICY_DIR), for example:
#
#   aws_grants contains {"service": "s3", "operations": ["PutObject"], "buckets": ["my-artifacts"]}
#   aws_presigned_grants contains {"service": "s3", "operations": ["GetObject"]}
#
# A grant may also list `regions`; an absent list matches any. Operations that hand credentials
# to the caller are refused whatever is granted: the agent would then hold a real credential.

# Presence of `aws` follows the credential: AWS facts come with the run's AWS session and only then.
aws_facts_ok if {
	is_null(input.aws)
	not input.credential.kind == "cloud"
}

aws_facts_ok if {
	is_object(input.aws)
	input.credential.kind == "cloud"
}

deny contains msg if {
	input.credential.kind == "cloud"
	is_null(input.aws)
	msg := sprintf("credential %v is an AWS session but input.aws is null; the Action builds this document from the signed request, so the caller has a bug", [input.credential.id])
}

deny contains msg if {
	is_object(input.aws)
	not input.credential.kind == "cloud"
	msg := "input.aws is set but the request carries no AWS session; the Action builds this document from the signed request, so the caller has a bug"
}

aws_target := sprintf("%s %s %s in %s%s", [method, input.aws.service, aws_operation_text, input.aws.region, aws_resource_text])

default aws_operation_text := "(no operation named)"

aws_operation_text := input.aws.operation if is_string(input.aws.operation)

default aws_resource_text := ""

aws_resource_text := sprintf(" (%s/%s)", [input.aws.bucket, input.aws.key]) if {
	is_string(input.aws.bucket)
	is_string(input.aws.key)
}

aws_resource_text := sprintf(" (bucket %s)", [input.aws.bucket]) if {
	is_string(input.aws.bucket)
	not is_string(input.aws.key)
}

# Operations that only read: their names say so (AWS's own naming: Get*, List*, Describe*, Head*),
# plus DynamoDB's reads; for a REST API that names no operation, GET and HEAD.
aws_read if {
	is_string(input.aws.operation)
	some prefix in {"Get", "List", "Describe", "Head"}
	startswith(input.aws.operation, prefix)
}

aws_read if input.aws.operation in {"Query", "Scan", "BatchGetItem", "SelectObjectContent", "Select"}

aws_read if {
	is_null(input.aws.operation)
	method in {"GET", "HEAD"}
}

# Operations that return credentials or secrets in the clear, which the agent would then hold
# (THREATS.md §F 31): never resolved, whatever a grant says. They read, so the read-only default
# would otherwise let several of them through.
# https://docs.aws.amazon.com/STS/latest/APIReference/welcome.html
aws_credential_operations := {
	"sts": {"AssumeRole", "AssumeRoleWithSAML", "AssumeRoleWithWebIdentity", "AssumeRoot", "GetSessionToken", "GetFederationToken", "GetWebIdentityToken"},
	"iam": {"CreateAccessKey", "CreateLoginProfile", "UpdateLoginProfile", "CreateServiceSpecificCredential", "ResetServiceSpecificCredential", "UploadSSHPublicKey"},
	"sso": {"GetRoleCredentials"},
	"cognito-identity": {"GetCredentialsForIdentity", "GetOpenIdToken", "GetOpenIdTokenForDeveloperIdentity"},
	"ecr": {"GetAuthorizationToken"},
	"codeartifact": {"GetAuthorizationToken"},
	"redshift": {"GetClusterCredentials", "GetClusterCredentialsWithIAM"},
	"rds": {"GenerateDbAuthToken"},
	"secretsmanager": {"GetSecretValue", "BatchGetSecretValue"},
	"ssm": {"GetParameter", "GetParameters", "GetParametersByPath", "GetParameterHistory"},
	"kms": {"Decrypt", "GenerateDataKey", "GenerateDataKeyPair", "GenerateDataKeyWithoutPlaintext"},
}

aws_credential_operation if input.aws.operation in object.get(aws_credential_operations, input.aws.service, set())

# An absent list matches any value.
aws_in_list(field, _, grant) if not grant[field]

aws_in_list(field, value, grant) if value in grant[field]

aws_granted(grants) if {
	some grant in grants
	grant.service == input.aws.service
	is_string(input.aws.operation)
	input.aws.operation in grant.operations
	aws_in_list("regions", input.aws.region, grant)
	aws_in_list("buckets", input.aws.bucket, grant)
}

aws_ok if {
	count(aws_refusals) == 0
}

deny contains msg if {
	input.credential.kind == "cloud"
	some msg in aws_refusals
}

aws_refusals contains msg if {
	aws_credential_operation
	msg := sprintf("%s hands credentials or secrets back in the clear, which the agent would then hold; Airlock never resolves the AWS session for it (give the agent what it needs another way, for example as a placeholder bound to its host)", [aws_target])
}

aws_refusals contains msg if {
	input.aws.presigned == true
	not aws_granted(aws_presigned_grants)
	msg := sprintf("%s is a presigned URL: signed again with the real session, it would be a credential usable by anyone who holds it; the shipped policy refuses them (grant one with aws_presigned_grants contains {\"service\": \"%s\", \"operations\": [...]} in a policy module of package airlock.egress)", [aws_target, input.aws.service])
}

aws_refusals contains msg if {
	input.aws.presigned == false
	not aws_read
	not aws_granted(aws_grants)
	is_string(input.aws.operation)
	msg := sprintf("%s writes or acts; the shipped egress policy lets the agent's AWS session only read (Get*, List*, Describe*, Head*); grant it with aws_grants contains {\"service\": \"%s\", \"operations\": [\"%s\"]} in a policy module of package airlock.egress (AIRLOCK_POLICY_DIR)", [aws_target, input.aws.service, input.aws.operation])
}

aws_refusals contains msg if {
	input.aws.presigned == false
	not aws_read
	is_null(input.aws.operation)
	msg := sprintf("%s names no operation Airlock can read and is not a GET or HEAD, so it may write; the shipped egress policy lets the agent's AWS session only read", [aws_target])
}

# Grants: none shipped. A policy module of this package adds to these sets (see above).
aws_grants contains grant if {
	some grant in []
}

aws_presigned_grants contains grant if {
	some grant in []
}

# --- Google Cloud and Azure requests ------------------------------------------------------------
#
# The agent holds a placeholder bearer token for the run's Google Cloud access token (workload
# identity federation, perhaps through a service account) or Azure access token (a federated
# credential); the proxy puts the real token in the Authorization header toward the hosts it is
# bound to (*.googleapis.com and gcp-endpoints; the Azure resource's host). `input.cloud` says
# which: the provider, the service (GCP: the API's host name before .googleapis.com, or the name
# gcp-endpoints gives; Azure: the resource the token is for) and the identity (the service account
# or workload identity principal; the Azure client id). It is optional in the input (absent means
# null) and present exactly when the credential is one of these tokens. Shipped default: read-only
# (GET and HEAD). More needs a grant in a module of this package, for example:
#
#   cloud_grants contains {"provider": "gcp", "service": "storage", "methods": ["POST"]}
#
# Services that hand out credentials or secrets are refused whatever is granted.

cloud_token_kinds := {"gcp-token", "azure-token"}

cloud := object.get(input, "cloud", null)

cloud_facts_ok if {
	is_null(cloud)
	not input.credential.kind in cloud_token_kinds
}

cloud_facts_ok if {
	is_object(cloud)
	input.credential.kind in cloud_token_kinds
	is_string(cloud.provider)
	is_string(cloud.service)
	is_string(cloud.identity)
	cloud_providers[input.credential.kind] == cloud.provider
}

cloud_providers := {"gcp-token": "gcp", "azure-token": "azure"}

deny contains msg if {
	not cloud_facts_ok
	is_object(input.credential)
	input.credential.kind in cloud_token_kinds
	msg := sprintf("credential %v is a %s access token but input.cloud is not {provider: %s, service, identity}; the Action builds this document from the request and the run's settings, so the caller has a bug", [input.credential.id, cloud_providers[input.credential.kind], cloud_providers[input.credential.kind]])
}

deny contains msg if {
	not is_null(cloud)
	not input.credential.kind in cloud_token_kinds
	msg := "input.cloud is set but the request carries no Google Cloud or Azure token; the Action builds this document from the request and the run's settings, so the caller has a bug"
}

cloud_target := sprintf("%s %s %s %s%s", [method, cloud.provider, cloud.service, input.request.host, input.request.path])

# Google Cloud APIs whose answers are credentials or secrets the agent would then hold
# (THREATS.md §F 31): token exchange, service account credentials and keys, Secret Manager's
# payloads (https://cloud.google.com/secret-manager/docs/reference/rest/v1/projects.secrets.versions/access).
gcp_credential_services := {"sts", "iamcredentials", "oauth2", "secretmanager"}

cloud_credential_service if {
	cloud.provider == "gcp"
	cloud.service in gcp_credential_services
}

cloud_credential_service if {
	cloud.provider == "gcp"
	cloud.service == "iam"
	contains(lower(input.request.path), "/keys")
}

# Azure Key Vault's data plane hands back secrets and keys (https://learn.microsoft.com/en-us/rest/api/keyvault/).
cloud_credential_service if {
	cloud.provider == "azure"
	some suffix in {"vault.azure.net", "vault.azure.cn", "vault.usgovcloudapi.net"}
	endswith(lower(input.request.host), suffix)
}

cloud_read if method in {"GET", "HEAD"}

cloud_granted if {
	some grant in cloud_grants
	grant.provider == cloud.provider
	grant.service == cloud.service
	method in grant.methods
}

cloud_token_ok if count(cloud_refusals) == 0

deny contains msg if {
	input.credential.kind in cloud_token_kinds
	some msg in cloud_refusals
}

cloud_refusals contains msg if {
	cloud_credential_service
	msg := sprintf("%s: this service hands credentials or secrets back in the clear, which the agent would then hold; Airlock never resolves the run's %s token for it", [cloud_target, cloud.provider])
}

cloud_refusals contains msg if {
	not cloud_read
	not cloud_granted
	msg := sprintf("%s may write; the shipped egress policy lets the agent's %s token only read (GET, HEAD); grant it with cloud_grants contains {\"provider\": \"%s\", \"service\": \"%s\", \"methods\": [\"%s\"]} in a policy module of package airlock.egress (AIRLOCK_POLICY_DIR)", [cloud_target, cloud.provider, cloud.provider, cloud.service, method])
}

# Grants: none shipped. A policy module of this package adds to this set (see above).
cloud_grants contains grant if {
	some grant in []
}
