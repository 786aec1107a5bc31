import { createRequire as __airlockCreateRequire } from 'node:module'; const require = __airlockCreateRequire(import.meta.url);
import {
  require_ms
} from "./chunk-5NANKWQZ.js";
import {
  require_dist
} from "./chunk-SPRYJVQL.js";
import {
  RE2JS
} from "./chunk-4K734NMA.js";
import {
  require_ajv
} from "./chunk-5AA5OQFX.js";
import {
  __toESM
} from "./chunk-WLT2JI5U.js";

// src/config/validate-document.ts
var import_ajv = __toESM(require_ajv(), 1);
var import_yaml = __toESM(require_dist(), 1);

// schemas/airlock-config.schema.json
var airlock_config_schema_default = {
  $schema: "http://json-schema.org/draft-07/schema#",
  type: [
    "object",
    "null"
  ],
  additionalProperties: false,
  $id: "https://airlock.dev/schemas/airlock-config.schema.json",
  title: "Airlock repository configuration",
  description: "A repository's .github/airlock.yml, read by the Airlock App from the default branch on top of the organization's layer (<org>/.github:.github/airlock.yml). Fields the organization locks can only be strengthened here. An empty file keeps the defaults.",
  properties: {
    agents: {
      description: "Agent identities: GitHub App bots (name[bot]), bot and user logins. Their pushes to protected branches are incidents and their pull requests are gated as agents'. This App's own bot always counts. Default: none besides the App's bot.",
      type: "array",
      items: {
        title: "a GitHub login or App bot such as agent-smith[bot]",
        type: "string",
        pattern: "^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?:\\[bot\\])?$"
      },
      examples: [
        [
          "agent-smith[bot]"
        ]
      ]
    },
    protected_branches: {
      description: "Branch patterns the App protects with a ruleset (* within a segment, ** across); ~DEFAULT_BRANCH is the repository's default branch. Default [~DEFAULT_BRANCH, release/*].",
      type: "array",
      items: {
        title: "a branch pattern such as release/* or ~DEFAULT_BRANCH",
        type: "string",
        minLength: 1
      },
      default: [
        "~DEFAULT_BRANCH",
        "release/*"
      ]
    },
    mode: {
      description: "What the App does about protection drift and agent pushes: log (report only), issue (open an issue, the default) or fix (apply the ruleset; revert agent pushes through a pull request).",
      type: "string",
      enum: [
        "log",
        "issue",
        "fix"
      ],
      default: "issue"
    },
    approvers: {
      description: "Who may approve a gated pull request, and how many approvals it needs. With no users or teams, anyone with write access who is neither the agent nor the author (and not a bot).",
      type: "object",
      additionalProperties: false,
      properties: {
        users: {
          description: "Logins that may approve (never a bot, never the agent, never the pull request's author unless solo).",
          type: "array",
          items: {
            title: "a GitHub user login such as alice",
            type: "string",
            pattern: "^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$"
          },
          examples: [
            [
              "alice"
            ]
          ]
        },
        teams: {
          description: "Team slugs of the repository's organization whose members may approve (the slug alone, without the org/ prefix).",
          type: "array",
          items: {
            title: "a team slug such as reviewers (without org/)",
            type: "string",
            pattern: "^[A-Za-z0-9][A-Za-z0-9_.-]*$"
          },
          examples: [
            [
              "reviewers"
            ]
          ]
        },
        required: {
          description: "How many distinct approvals of the head commit a pull request needs, 1 to 10. Default 1.",
          type: "integer",
          minimum: 1,
          maximum: 10,
          default: 1
        }
      }
    },
    approval_paths: {
      description: "Path globs (* within a segment, ** across) whose change always needs a human approval, agent or not. Default: workflows, actions, Airlock's own configuration, policies, Terraform, Kubernetes, Helm and Dockerfiles.",
      type: "array",
      items: {
        title: "a path glob such as .github/workflows/**",
        type: "string",
        minLength: 1
      },
      examples: [
        [
          ".github/workflows/**",
          "policies/**"
        ]
      ]
    },
    gate_all_pull_requests: {
      description: "Gate every pull request, not only agents' (default true). The ruleset requires the Airlock check, so with false human pull requests cannot merge on protected branches without it.",
      type: "boolean",
      default: true
    },
    solo: {
      description: "Solo mode for one-maintainer repositories: the pull request's author (the human who ran the agent) may approve it; never the agent, never a bot. Default false.",
      type: "boolean",
      default: false
    },
    containment: {
      description: "Automated containment on run telemetry (policies/containment.rego, docs/containment.md): the thresholds that revoke an agent identity's tokens, suspend it and open an incident, and where to notify (notify_url, which only the organization's layer sets). Absent fields keep the policy's defaults. When the organization locks containment, a repository may only make it stricter.",
      type: "object",
      additionalProperties: false,
      properties: {
        refused_hosts: {
          description: "How many distinct hosts the egress proxy must refuse within window_seconds before the identity's tokens are revoked, the identity suspended, an incident opened and notify_url told. Default 5.",
          type: "integer",
          minimum: 1,
          maximum: 1e3,
          default: 5
        },
        window_seconds: {
          description: "The window, in seconds, refused hosts are counted in (at most 600: the App reads a run's last 10 minutes). Default 60.",
          type: "integer",
          minimum: 1,
          maximum: 600,
          default: 60
        },
        dlp_block_revokes: {
          description: "Also revoke the identity's tokens on a DLP block. By default a DLP block opens an incident and notifies only: the request was stopped, and generic rules misfire. Default false.",
          type: "boolean",
          default: false
        },
        notify_url: {
          description: "only the organization's layer can set notify_url (the App POSTs there, so a repository's writers must not choose where); move it to <org>/.github:.github/airlock.yml",
          not: {}
        }
      }
    },
    locked: {
      description: "only the organization's layer (<org>/.github:.github/airlock.yml) can lock fields; remove locked here, or move it to that file",
      not: {}
    }
  }
};

// schemas/airlock-org-config.schema.json
var airlock_org_config_schema_default = {
  $schema: "http://json-schema.org/draft-07/schema#",
  $id: "https://airlock.dev/schemas/airlock-org-config.schema.json",
  title: "Airlock organization configuration",
  description: "The organization's layer, .github/airlock.yml in <org>/.github (default branch): defaults for every repository, under each repository's own .github/airlock.yml, and the fields repositories may not weaken (locked). The same fields as a repository's file, plus locked. An empty file keeps the defaults.",
  type: [
    "object",
    "null"
  ],
  additionalProperties: false,
  properties: {
    agents: {
      description: "Agent identities: GitHub App bots (name[bot]), bot and user logins. Their pushes to protected branches are incidents and their pull requests are gated as agents'. This App's own bot always counts. Default: none besides the App's bot.",
      type: "array",
      items: {
        title: "a GitHub login or App bot such as agent-smith[bot]",
        type: "string",
        pattern: "^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?:\\[bot\\])?$"
      },
      examples: [
        [
          "agent-smith[bot]"
        ]
      ]
    },
    protected_branches: {
      description: "Branch patterns the App protects with a ruleset (* within a segment, ** across); ~DEFAULT_BRANCH is the repository's default branch. Default [~DEFAULT_BRANCH, release/*].",
      type: "array",
      items: {
        title: "a branch pattern such as release/* or ~DEFAULT_BRANCH",
        type: "string",
        minLength: 1
      },
      default: [
        "~DEFAULT_BRANCH",
        "release/*"
      ]
    },
    mode: {
      description: "What the App does about protection drift and agent pushes: log (report only), issue (open an issue, the default) or fix (apply the ruleset; revert agent pushes through a pull request).",
      type: "string",
      enum: [
        "log",
        "issue",
        "fix"
      ],
      default: "issue"
    },
    approvers: {
      description: "Who may approve a gated pull request, and how many approvals it needs. With no users or teams, anyone with write access who is neither the agent nor the author (and not a bot).",
      type: "object",
      additionalProperties: false,
      properties: {
        users: {
          description: "Logins that may approve (never a bot, never the agent, never the pull request's author unless solo).",
          type: "array",
          items: {
            title: "a GitHub user login such as alice",
            type: "string",
            pattern: "^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$"
          },
          examples: [
            [
              "alice"
            ]
          ]
        },
        teams: {
          description: "Team slugs of the repository's organization whose members may approve (the slug alone, without the org/ prefix).",
          type: "array",
          items: {
            title: "a team slug such as reviewers (without org/)",
            type: "string",
            pattern: "^[A-Za-z0-9][A-Za-z0-9_.-]*$"
          },
          examples: [
            [
              "reviewers"
            ]
          ]
        },
        required: {
          description: "How many distinct approvals of the head commit a pull request needs, 1 to 10. Default 1.",
          type: "integer",
          minimum: 1,
          maximum: 10,
          default: 1
        }
      }
    },
    approval_paths: {
      description: "Path globs (* within a segment, ** across) whose change always needs a human approval, agent or not. Default: workflows, actions, Airlock's own configuration, policies, Terraform, Kubernetes, Helm and Dockerfiles.",
      type: "array",
      items: {
        title: "a path glob such as .github/workflows/**",
        type: "string",
        minLength: 1
      },
      examples: [
        [
          ".github/workflows/**",
          "policies/**"
        ]
      ]
    },
    gate_all_pull_requests: {
      description: "Gate every pull request, not only agents' (default true). The ruleset requires the Airlock check, so with false human pull requests cannot merge on protected branches without it.",
      type: "boolean",
      default: true
    },
    solo: {
      description: "Solo mode for one-maintainer repositories: the pull request's author (the human who ran the agent) may approve it; never the agent, never a bot. Default false.",
      type: "boolean",
      default: false
    },
    containment: {
      description: "Automated containment on run telemetry (policies/containment.rego, docs/containment.md): the thresholds that revoke an agent identity's tokens, suspend it and open an incident, and where to notify (notify_url, which only the organization's layer sets). Absent fields keep the policy's defaults. When the organization locks containment, a repository may only make it stricter.",
      type: "object",
      additionalProperties: false,
      properties: {
        refused_hosts: {
          description: "How many distinct hosts the egress proxy must refuse within window_seconds before the identity's tokens are revoked, the identity suspended, an incident opened and notify_url told. Default 5.",
          type: "integer",
          minimum: 1,
          maximum: 1e3,
          default: 5
        },
        window_seconds: {
          description: "The window, in seconds, refused hosts are counted in (at most 600: the App reads a run's last 10 minutes). Default 60.",
          type: "integer",
          minimum: 1,
          maximum: 600,
          default: 60
        },
        dlp_block_revokes: {
          description: "Also revoke the identity's tokens on a DLP block. By default a DLP block opens an incident and notifies only: the request was stopped, and generic rules misfire. Default false.",
          type: "boolean",
          default: false
        },
        notify_url: {
          description: "Where the App POSTs a JSON summary of each containment (repository, identity, run, actions, reasons; never a credential). The organization's layer alone sets it (the App POSTs there, so a repository's writers must not choose where). https only, without user:password@: the notice travels encrypted, and the plain-http services beside the App (on its host, or a cloud metadata endpoint) cannot be aimed at.",
          title: "an https:// URL without user:password@, such as https://hooks.example.com/airlock",
          type: "string",
          pattern: "^https://[^\\s/?#@\\\\]+(/[^\\s]*)?$",
          examples: [
            "https://hooks.example.com/airlock"
          ]
        }
      }
    },
    locked: {
      description: "Fields a repository may only strengthen: lists grow, mode and approvers.required only rise, gate_all_pull_requests can only be turned on, solo only off, containment only stricter (fewer refused hosts, a longer window, DLP blocks revoking; the organization's notify_url kept).",
      type: "array",
      uniqueItems: true,
      items: {
        title: "a lockable field",
        enum: [
          "agents",
          "protected_branches",
          "mode",
          "approvers",
          "approval_paths",
          "gate_all_pull_requests",
          "solo",
          "containment"
        ]
      },
      examples: [
        [
          "approval_paths",
          "mode"
        ]
      ]
    }
  }
};

// schemas/org-ceiling.schema.json
var org_ceiling_schema_default = {
  $schema: "http://json-schema.org/draft-07/schema#",
  $id: "https://airlock.dev/schemas/org-ceiling.schema.json",
  title: "Airlock org ceiling",
  description: "The organization's ceiling, .github/airlock/ceiling.yaml on the default branch of <org>/.github: the most any repository trust policy in the org may grant. Every token is within the request, the repository's trust policy, this ceiling and the installation. Without the file, the App's OIDC issuer and every repository permission at write except administration, secrets, workflows, repository_hooks and environments are allowed. A ceiling that does not validate refuses every token request until it is fixed.",
  type: "object",
  additionalProperties: false,
  required: [
    "allowed_issuers",
    "max_permissions"
  ],
  definitions: {
    repositoryPermission: {
      title: "a repository permission a policy may grant",
      description: "A repository-level GitHub App permission. Organization permissions (members, organization_*) are never granted from a repository policy. https://docs.github.com/en/rest/apps/apps#create-an-installation-access-token-for-an-app",
      enum: [
        "actions",
        "administration",
        "attestations",
        "checks",
        "contents",
        "deployments",
        "discussions",
        "environments",
        "issues",
        "metadata",
        "packages",
        "pages",
        "pull_requests",
        "repository_hooks",
        "repository_projects",
        "secret_scanning_alerts",
        "secrets",
        "security_events",
        "statuses",
        "vulnerability_alerts",
        "workflows"
      ]
    },
    grantLevel: {
      description: "read or write.",
      type: "string",
      enum: [
        "read",
        "write"
      ]
    }
  },
  properties: {
    allowed_issuers: {
      description: "The OIDC issuers trust policies in the org may name (their issuer field), e.g. https://token.actions.githubusercontent.com.",
      type: "array",
      minItems: 1,
      items: {
        title: "an issuer URL such as https://token.actions.githubusercontent.com",
        type: "string",
        pattern: "^https?://[^\\s]+$"
      },
      examples: [
        [
          "https://token.actions.githubusercontent.com"
        ]
      ]
    },
    max_permissions: {
      description: "Repository permission -> the most (read or write) any trust policy in the org may grant; a permission not listed is never granted.",
      type: "object",
      propertyNames: {
        $ref: "#/definitions/repositoryPermission"
      },
      additionalProperties: {
        $ref: "#/definitions/grantLevel"
      },
      examples: [
        {
          contents: "write",
          pull_requests: "write",
          metadata: "read"
        }
      ]
    },
    repository_writes: {
      description: "false caps every permission at read, whatever max_permissions says. Default true.",
      type: "boolean",
      default: true
    }
  }
};

// schemas/trust-policy.schema.json
var trust_policy_schema_default = {
  $schema: "http://json-schema.org/draft-07/schema#",
  $id: "https://airlock.dev/schemas/trust-policy.schema.json",
  title: "Airlock trust policy",
  description: "A trust policy, .github/airlock/<identity>.sts.yaml, read by the Airlock broker from the repository's default branch only. It says which workflow runs may exchange their GitHub OIDC token for an installation token, and what that token may do. The file name without .sts.yaml is the identity the Action's `identity` input names.",
  type: "object",
  additionalProperties: false,
  required: ["issuer", "permissions"],
  allOf: [
    {
      description: "exactly one of subject or subject_pattern is required: subject to compare the token's sub whole, subject_pattern for an anchored RE2 pattern",
      oneOf: [{ required: ["subject"] }, { required: ["subject_pattern"] }]
    }
  ],
  definitions: {
    re2: {
      title: "an RE2 regular expression",
      description: "An RE2 regular expression (linear time), always anchored: it must match the whole claim.",
      type: "string",
      minLength: 1
    },
    repositoryPermission: {
      title: "a repository permission a policy may grant",
      description: "A repository-level GitHub App permission. Organization permissions (members, organization_*) are never granted from a repository policy. https://docs.github.com/en/rest/apps/apps#create-an-installation-access-token-for-an-app",
      enum: [
        "actions",
        "administration",
        "attestations",
        "checks",
        "contents",
        "deployments",
        "discussions",
        "environments",
        "issues",
        "metadata",
        "packages",
        "pages",
        "pull_requests",
        "repository_hooks",
        "repository_projects",
        "secret_scanning_alerts",
        "secrets",
        "security_events",
        "statuses",
        "vulnerability_alerts",
        "workflows"
      ]
    },
    grantLevel: {
      description: "read or write.",
      type: "string",
      enum: ["read", "write"]
    }
  },
  properties: {
    issuer: {
      description: "The OIDC issuer the token must come from (the iss claim, compared exactly). GitHub Actions: https://token.actions.githubusercontent.com; GitHub Enterprise Server: https://<host>/_services/token. The org ceiling must allow it too.",
      type: "string",
      pattern: "^https?://[^\\s]+$",
      examples: ["https://token.actions.githubusercontent.com"]
    },
    subject: {
      description: "The token's sub claim, compared whole (never split on ':'), e.g. repo:acme/widgets:ref:refs/heads/main. Give subject or subject_pattern, not both.",
      type: "string",
      minLength: 1,
      examples: ["repo:acme/widgets:ref:refs/heads/main"]
    },
    subject_pattern: {
      description: "An RE2 pattern the whole sub claim must match (anchored for you). Give subject or subject_pattern, not both.",
      type: "string",
      minLength: 1,
      examples: ["repo:acme/widgets:ref:refs/heads/(main|release/.*)"]
    },
    claim_pattern: {
      description: "Optional: claim name -> RE2 pattern the whole claim must match (anchored for you), e.g. job_workflow_ref. A claim the token lacks never matches.",
      type: "object",
      additionalProperties: { $ref: "#/definitions/re2" },
      examples: [{ job_workflow_ref: "acme/widgets/\\.github/workflows/agent\\.yml@refs/heads/main" }]
    },
    event_name: {
      description: "The events (event_name claim) whose runs may exchange a token: one name or a list. Default [push, workflow_dispatch, schedule]; pull_request_target, issue_comment and workflow_run run with the base repository's identity on untrusted input, list them only if you accept that.",
      type: ["string", "array"],
      title: "a GitHub Actions event name such as workflow_dispatch",
      pattern: "^[a-z_]+$",
      minItems: 1,
      items: { title: "a GitHub Actions event name such as workflow_dispatch", type: "string", pattern: "^[a-z_]+$" },
      default: ["push", "workflow_dispatch", "schedule"]
    },
    ref: {
      description: "Optional: the exact ref(s) the run must be on (the ref claim), one or a list, e.g. refs/heads/main.",
      type: ["string", "array"],
      title: "a full ref such as refs/heads/main",
      pattern: "^refs/.+$",
      minItems: 1,
      items: { title: "a full ref such as refs/heads/main", type: "string", pattern: "^refs/.+$" },
      examples: ["refs/heads/main"]
    },
    job_workflow_ref: {
      description: "Optional: the exact workflow file(s) the job must run (the job_workflow_ref claim), one or a list: <owner>/<repo>/<path>@<ref>.",
      type: ["string", "array"],
      title: "a workflow ref such as acme/widgets/.github/workflows/agent.yml@refs/heads/main",
      pattern: "^[^/\\s]+/[^/\\s]+/[^@\\s]+@\\S+$",
      minItems: 1,
      items: { title: "a workflow ref such as acme/widgets/.github/workflows/agent.yml@refs/heads/main", type: "string", pattern: "^[^/\\s]+/[^/\\s]+/[^@\\s]+@\\S+$" },
      examples: ["acme/widgets/.github/workflows/agent.yml@refs/heads/main"]
    },
    permissions: {
      description: "The most a token may do: repository permission -> read or write. A request asks for these or less; the org ceiling and the installation cap them further.",
      type: "object",
      minProperties: 1,
      propertyNames: { $ref: "#/definitions/repositoryPermission" },
      additionalProperties: { $ref: "#/definitions/grantLevel" },
      examples: [{ contents: "read" }]
    },
    repositories: {
      description: "Optional: repositories of the same owner the token may cover, by name (no owner/ prefix), one or a list. Default: only the policy's own repository. Tokens are never owner-wide.",
      type: ["string", "array"],
      title: "a repository name without its owner, such as widgets",
      pattern: "^[A-Za-z0-9._-]+$",
      minItems: 1,
      items: { title: "a repository name without its owner, such as widgets", type: "string", pattern: "^[A-Za-z0-9._-]+$" },
      examples: [["widgets"]]
    },
    max_lifetime: {
      description: "How long a token lives before the broker revokes it: 1m to 59m (e.g. 15m), or seconds from 60 to 3599. Default 15m. GitHub's installation tokens live an hour; the broker revokes earlier.",
      type: ["string", "integer"],
      title: "a duration such as 15m (s, m or h)",
      pattern: "^[0-9]+[smh]$",
      minimum: 60,
      maximum: 3599,
      default: "15m",
      examples: ["15m"]
    }
  }
};

// src/config/closest-name.ts
function closestName(name, candidates) {
  const wanted = name.toLowerCase();
  let best;
  for (const candidate of candidates) {
    const other = candidate.toLowerCase();
    const prefix = Math.min(wanted.length, other.length) >= 3 && (wanted.startsWith(other) || other.startsWith(wanted));
    const distance = prefix ? 0.5 : editDistance(wanted, other);
    if (distance <= Math.max(1, Math.floor(wanted.length / 3)) && (!best || distance < best.distance))
      best = { candidate, distance };
  }
  return best?.candidate;
}
function editDistance(a, b) {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(
        previous[j] + 1,
        current[j - 1] + 1,
        previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1)
      );
    }
    previous = current;
  }
  return previous[b.length];
}

// src/config/validate-document.ts
var DOCUMENT_SCHEMAS = {
  "trust-policy": trust_policy_schema_default,
  "airlock-config": airlock_config_schema_default,
  "airlock-org-config": airlock_org_config_schema_default,
  "org-ceiling": org_ceiling_schema_default
};
function formatProblem(file, problem) {
  return `${file}:${problem.line}:${problem.col}: ${problem.field ? `${problem.field}: ` : ""}${problem.message}`;
}
function firstProblem(problems) {
  const more = problems.length - 1;
  return {
    ...problems[0],
    message: `${problems[0].message}${more > 0 ? ` (and ${more} more; airlock config check lists them all)` : ""}`
  };
}
var ajv = new import_ajv.Ajv({
  allErrors: true,
  verbose: true,
  strict: true,
  strictRequired: false,
  allowUnionTypes: true
});
var validators = /* @__PURE__ */ new Map();
function validatorFor(kind) {
  let validate = validators.get(kind);
  if (!validate) {
    validate = ajv.compile(DOCUMENT_SCHEMAS[kind]);
    validators.set(kind, validate);
  }
  return validate;
}
function validateDocument(kind, text) {
  const lines = new import_yaml.LineCounter();
  const doc = (0, import_yaml.parseDocument)(text, { lineCounter: lines, uniqueKeys: true });
  const at = (offset) => lines.linePos(offset);
  const problemAt = (path, message, where = "value", field = fieldName(path)) => ({
    ...at(offsetOf(doc, path, where)),
    field,
    message
  });
  const result = (value2, problems) => ({
    value: value2,
    problems: problems.sort((a, b) => a.line - b.line || a.col - b.col),
    problemAt
  });
  if (doc.errors.length) {
    return result(
      void 0,
      doc.errors.map((e) => ({
        ...at(e.pos[0]),
        field: "",
        message: `not valid YAML: ${e.message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "")}`
      }))
    );
  }
  let value;
  try {
    value = doc.toJS({ maxAliasCount: 0 });
  } catch (error) {
    const alias = firstAlias(doc);
    const message = alias ? `not valid YAML: aliases are not allowed (*${alias.name}); write the value out in full` : `not valid YAML: ${error.message}`;
    return result(void 0, [{ ...at(alias?.offset ?? 0), field: "", message }]);
  }
  const validate = validatorFor(kind);
  if (validate(value)) return result(value, []);
  return result(value, describeErrors(validate.errors ?? [], problemAt));
}
function describeErrors(errors, problemAt) {
  const combinators = errors.filter((e) => e.keyword === "oneOf" || e.keyword === "anyOf");
  const listed = new Set(
    errors.filter((e) => e.keyword === "enum" && e.propertyName === void 0).map((e) => e.instancePath)
  );
  const mistyped = new Set(errors.filter((e) => e.keyword === "type").map((e) => e.instancePath));
  const redundant = (e) => e.propertyName === void 0 && (listed.has(e.instancePath) ? e.keyword === "type" : mistyped.has(e.instancePath) && e.keyword !== "type");
  const relevant = errors.filter(
    (e) => e.keyword !== "propertyNames" && !redundant(e) && !combinators.some((c) => c !== e && e.schemaPath.startsWith(`${c.schemaPath}/`))
  );
  const problems = [];
  const unknownAt = /* @__PURE__ */ new Map();
  for (const error of relevant) {
    if (error.keyword === "additionalProperties")
      unknownAt.set(error.instancePath, [...unknownAt.get(error.instancePath) ?? [], error]);
    else problems.push(describe(error, problemAt));
  }
  for (const [instancePath, group] of unknownAt) {
    const path = pathOf(instancePath);
    const names = group.map((e) => String(e.params.additionalProperty));
    const properties = group[0].parentSchema.properties ?? {};
    const allowed = Object.keys(properties).filter((k) => properties[k].not === void 0);
    const guess = closestName(names[0], allowed);
    problems.push(
      problemAt(
        [...path, names[0]],
        `unknown field(s) ${names.join(", ")}; ${expected(guess, allowed)}`,
        "key",
        fieldName(path)
      )
    );
  }
  return problems;
}
function describe(error, problemAt) {
  const path = pathOf(error.instancePath);
  const schema = error.parentSchema ?? {};
  const example = schema.examples?.length ? `, e.g. ${render(schema.examples[0])}` : "";
  const params = error.params;
  switch (error.keyword) {
    case "required": {
      const missing = String(params.missingProperty);
      const property = schema.properties?.[missing];
      const hint = property?.examples?.length ? `; add e.g. ${missing}: ${render(property.examples[0])}` : property?.description ? ` (${property.description})` : "";
      return problemAt(path, `missing field ${missing}${hint}`, "key");
    }
    case "type":
      return problemAt(
        path,
        `must be ${typeNames(params.type)}, not ${kindOf(error.data)}${example}`
      );
    case "enum": {
      const allowed = params.allowedValues.map(String);
      if (error.propertyName !== void 0) {
        const guess2 = closestName(error.propertyName, allowed);
        return problemAt(
          [...path, error.propertyName],
          `${error.propertyName} is not ${schema.title ?? "allowed here"}; ${expected(guess2, allowed)}`,
          "key",
          fieldName(path)
        );
      }
      const guess = typeof error.data === "string" ? closestName(error.data, allowed) : void 0;
      return problemAt(
        path,
        `must be ${alternatives(allowed)}, not ${render(error.data)}${guess ? ` (did you mean ${guess}?)` : ""}`
      );
    }
    case "pattern":
      return problemAt(
        path,
        `must be ${schema.title ?? `text matching ${String(params.pattern)}`}, not ${render(error.data)}`
      );
    case "minItems":
    case "minProperties":
    case "minLength":
      return problemAt(
        path,
        params.limit === 1 ? "must not be empty" : `must have at least ${String(params.limit)} ${{ minItems: "items", minProperties: "fields", minLength: "characters" }[error.keyword]}`
      );
    case "minimum":
    case "maximum":
      return problemAt(
        path,
        schema.minimum !== void 0 && schema.maximum !== void 0 ? `must be from ${schema.minimum} to ${schema.maximum}, not ${render(error.data)}` : `${error.message}, not ${render(error.data)}`
      );
    case "uniqueItems":
      return problemAt(
        [...path, Number(params.i)],
        `repeats ${render(error.data[Number(params.i)])}; list it once`
      );
    case "oneOf":
    case "anyOf":
    case "not":
      return problemAt(
        path,
        schema.description ?? error.message ?? "is not allowed",
        error.keyword === "not" ? "key" : "value"
      );
    default:
      return problemAt(path, `${error.message ?? "is not valid"}${example}`);
  }
}
function expected(guess, allowed) {
  return guess ? `did you mean ${guess}? (expected one of ${allowed.join(", ")})` : `expected one of ${allowed.join(", ")}`;
}
var TYPE_NAMES = {
  array: "a list",
  object: "a mapping",
  string: "a string",
  boolean: "true or false",
  integer: "a whole number",
  number: "a number",
  null: "empty"
};
function typeNames(type) {
  const names = (Array.isArray(type) ? type : String(type).split(",")).map(
    (t) => TYPE_NAMES[String(t)] ?? String(t)
  );
  return names.length > 1 ? `${names.slice(0, -1).join(", ")} or ${names.at(-1)}` : names[0];
}
function alternatives(values) {
  return values.length === 2 ? `${values[0]} or ${values[1]}` : `one of ${values.join(", ")}`;
}
function kindOf(value) {
  if (value === null || value === void 0) return "empty";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  if (typeof value === "string") return `a string (${render(value)})`;
  if (typeof value === "boolean") return `${value}`;
  return `a number (${String(value)})`;
}
function render(value) {
  const text = typeof value === "string" ? JSON.stringify(value) : JSON.stringify(value)?.replace(/"([A-Za-z_][\w-]*)":/g, "$1: ").replace(/,/g, ", ") ?? "nothing";
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
function pathOf(pointer) {
  if (!pointer) return [];
  return pointer.slice(1).split("/").map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~")).map((s) => /^(0|[1-9]\d*)$/.test(s) ? Number(s) : s);
}
function fieldName(path) {
  return path.map(
    (s, i) => typeof s === "number" ? `[${s}]` : /^[\w-]+$/.test(s) ? `${i ? "." : ""}${s}` : `${i ? "." : ""}${JSON.stringify(s)}`
  ).join("");
}
function offsetOf(doc, path, where) {
  let node = doc.contents;
  let key;
  for (const segment of path) {
    if ((0, import_yaml.isMap)(node)) {
      const pair = node.items.find(
        (p) => String((0, import_yaml.isScalar)(p.key) ? p.key.value : p.key) === String(segment)
      );
      if (!pair) break;
      key = pair.key;
      node = pair.value;
    } else if ((0, import_yaml.isSeq)(node) && typeof segment === "number" && node.items[segment] !== void 0) {
      key = node.items[segment];
      node = key;
    } else break;
  }
  const target = where === "key" && key || node || key;
  return target?.range?.[0] ?? 0;
}
function firstAlias(doc) {
  let found;
  (0, import_yaml.visit)(doc, {
    Alias(_key, node) {
      if ((0, import_yaml.isAlias)(node)) found = { name: node.source, offset: node.range?.[0] ?? 0 };
      return import_yaml.visit.BREAK;
    }
  });
  return found;
}

// src/sts/trust-policy.ts
var import_ms = __toESM(require_ms(), 1);

// src/sts/sts-error.ts
var statusOf = {
  oidc_token_missing: 401,
  oidc_token_too_large: 413,
  oidc_jwks_unavailable: 503,
  github_unavailable: 503,
  // GitHub may have minted a token whose answer never reached the broker: retry with a fresh OIDC token.
  mint_uncertain: 503,
  deadline_exceeded: 503,
  // Never sent: the client closed the connection first (logged and audited only).
  client_gone: 503,
  store_unavailable: 503,
  request_invalid: 400,
  policy_not_found: 403,
  token_not_found: 404,
  identity_suspended: 403,
  installation_not_found: 404,
  repository_not_found: 404,
  internal_error: 500
};
var StsError = class extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
    this.name = "StsError";
    this.status = statusOf[code] ?? (code.startsWith("oidc_") ? 401 : 403);
  }
  code;
  status;
};

// src/sts/trust-policy.ts
var UNTRUSTED_TRIGGERS = ["pull_request_target", "issue_comment", "workflow_run"];
var DEFAULT_EVENTS = ["push", "workflow_dispatch", "schedule"];
var REPOSITORY_PERMISSIONS = new Set(trust_policy_schema_default.definitions.repositoryPermission.enum);
var MAX_LIFETIME = 3600;
var DEFAULT_LIFETIME = 900;
var list = (value) => value === void 0 ? void 0 : typeof value === "string" ? [value] : value;
function validateTrustPolicy(name, text) {
  const doc = validateDocument("trust-policy", text);
  if (doc.problems.length) return { ok: false, problems: doc.problems };
  const d = doc.value;
  const problems = [];
  const anchored = (path, pattern) => {
    try {
      return RE2JS.compile(`^(?:${pattern})$`);
    } catch (error) {
      problems.push(doc.problemAt(path, `is not a valid RE2 regular expression: ${error.message}`));
      return void 0;
    }
  };
  const subjectPattern = d.subject_pattern === void 0 ? void 0 : anchored(["subject_pattern"], d.subject_pattern);
  const claimPatterns = Object.entries(d.claim_pattern ?? {}).map(([claim, pattern]) => [claim, anchored(["claim_pattern", claim], pattern)]);
  const seconds = lifetimeSeconds(d.max_lifetime);
  if (!(seconds >= 60 && seconds < MAX_LIFETIME)) {
    problems.push(doc.problemAt(["max_lifetime"], 'max_lifetime must be between 1m and 59m (e.g. "15m"); GitHub tokens live an hour and the broker revokes earlier'));
  }
  if (problems.length) return { ok: false, problems };
  return {
    ok: true,
    value: {
      name,
      issuer: d.issuer,
      subject: d.subject,
      subjectPattern,
      claimPatterns,
      eventNames: list(d.event_name) ?? DEFAULT_EVENTS,
      refs: list(d.ref),
      jobWorkflowRefs: list(d.job_workflow_ref),
      // A fresh object holding only the file's own entries.
      permissions: Object.fromEntries(Object.entries(d.permissions)),
      repositories: list(d.repositories),
      maxLifetimeSeconds: seconds
    }
  };
}
function lifetimeSeconds(value) {
  if (value === void 0) return DEFAULT_LIFETIME;
  if (typeof value === "number") return value;
  return ((0, import_ms.default)(value) ?? Number.NaN) / 1e3;
}
function parseTrustPolicy(name, text) {
  const checked = validateTrustPolicy(name, text);
  if (checked.ok) return checked.value;
  throw new StsError("policy_invalid", `trust policy ${formatProblem(`.github/airlock/${name}.sts.yaml`, firstProblem(checked.problems))}`);
}
function trustPolicyPath(identity) {
  if (typeof identity !== "string" || !/^[a-z0-9][a-z0-9_-]{0,63}$/.test(identity)) {
    throw new StsError("request_invalid", 'identity must be a trust policy name: lower-case letters, digits, - and _ (e.g. "agent")');
  }
  return `.github/airlock/${identity}.sts.yaml`;
}

// src/sts/org-ceiling.ts
var CEILING_REPO = ".github";
var CEILING_PATH = ".github/airlock/ceiling.yaml";
var SENSITIVE_PERMISSIONS = ["administration", "secrets", "workflows", "repository_hooks", "environments", "packages"];
function defaultCeiling(issuer) {
  const maxPermissions = {};
  for (const name of REPOSITORY_PERMISSIONS) if (!SENSITIVE_PERMISSIONS.includes(name)) maxPermissions[name] = "write";
  return { allowedIssuers: [issuer], maxPermissions, repositoryWrites: true };
}
function validateCeiling(text) {
  const doc = validateDocument("org-ceiling", text);
  if (doc.problems.length) return { ok: false, problems: doc.problems };
  const d = doc.value;
  return { ok: true, value: { allowedIssuers: d.allowed_issuers, maxPermissions: Object.fromEntries(Object.entries(d.max_permissions)), repositoryWrites: d.repository_writes !== false } };
}
function parseCeiling(text) {
  const checked = validateCeiling(text);
  if (checked.ok) return checked.value;
  throw new StsError("policy_invalid", `org ceiling ${formatProblem(`${CEILING_REPO}/${CEILING_PATH}`, firstProblem(checked.problems))}`);
}
function checkIssuer(policy, ceiling) {
  if (!ceiling.allowedIssuers.includes(policy.issuer)) {
    throw new StsError("policy_issuer_mismatch", `the org ceiling does not allow issuer ${policy.issuer}`);
  }
}
function checkCeiling(grant, policy, ceiling) {
  checkIssuer(policy, ceiling);
  for (const [name, level] of Object.entries(grant.permissions)) {
    const cap = ceiling.repositoryWrites ? ceiling.maxPermissions[name] : ceiling.maxPermissions[name] && "read";
    if (!cap || level === "write" && cap !== "write") {
      throw new StsError("permission_not_allowed", `permission ${name}: ${level} is beyond the org ceiling (${CEILING_REPO}/${CEILING_PATH} allows ${cap ?? "nothing"})`);
    }
  }
}

export {
  StsError,
  DOCUMENT_SCHEMAS,
  formatProblem,
  firstProblem,
  validateDocument,
  UNTRUSTED_TRIGGERS,
  validateTrustPolicy,
  parseTrustPolicy,
  trustPolicyPath,
  CEILING_REPO,
  CEILING_PATH,
  defaultCeiling,
  validateCeiling,
  parseCeiling,
  checkIssuer,
  checkCeiling
};
