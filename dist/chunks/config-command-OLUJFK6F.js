import { createRequire as __airlockCreateRequire } from 'node:module'; const require = __airlockCreateRequire(import.meta.url);
import {
  validateConfig
} from "./chunk-FR7TGVEL.js";
import {
  DOCUMENT_SCHEMAS,
  formatProblem,
  trustPolicyPath,
  validateCeiling,
  validateTrustPolicy
} from "./chunk-6Q4CAUVC.js";
import "./chunk-5NANKWQZ.js";
import "./chunk-SPRYJVQL.js";
import {
  CliError,
  FORMAT_OPTIONS,
  reportFormat,
  runCommand,
  runCommandGroup
} from "./chunk-IW66ZKD5.js";
import "./chunk-XTMBT247.js";
import "./chunk-4K734NMA.js";
import "./chunk-5AA5OQFX.js";
import "./chunk-WLT2JI5U.js";

// src/cli/config-command.ts
import { readFile, stat } from "node:fs/promises";
import { basename as basename3, isAbsolute, relative, resolve, sep } from "node:path";

// src/config/check-config-file.ts
import { basename, dirname } from "node:path";
function checkConfigFile(file, text) {
  switch (file.kind) {
    case "trust-policy": {
      const identity = basename(file.path).slice(0, -".sts.yaml".length);
      const checked = validateTrustPolicy(identity, text);
      return [...identityProblems(file.path, identity), ...checked.ok ? [] : checked.problems];
    }
    case "airlock-config":
    case "airlock-org-config": {
      const checked = validateConfig(
        text,
        file.kind === "airlock-org-config" ? "organization" : "repository"
      );
      return checked.ok ? [] : checked.problems;
    }
    case "org-ceiling": {
      const checked = validateCeiling(text);
      return checked.ok ? [] : checked.problems;
    }
  }
}
function identityProblems(path, identity) {
  if (basename(dirname(path)) !== "airlock") return [];
  try {
    trustPolicyPath(identity);
    return [];
  } catch (error) {
    return [
      {
        line: 1,
        col: 1,
        field: "",
        message: `the file name is not a usable identity: ${error.message}`
      }
    ];
  }
}

// src/config/find-config-files.ts
import { lstat, readdir } from "node:fs/promises";
import { basename as basename2, dirname as dirname2, join } from "node:path";
function kindOfPath(path, options) {
  const name = basename2(path);
  if (name.endsWith(".sts.yaml")) return "trust-policy";
  if (name === "ceiling.yaml" && basename2(dirname2(path)) === "airlock") return "org-ceiling";
  if (name === "airlock.yml") return options.organization ? "airlock-org-config" : "airlock-config";
  return void 0;
}
function misplacedReason(path) {
  const name = basename2(path);
  if (name.endsWith(".sts.yml"))
    return `the broker reads trust policies named <identity>.sts.yaml only; rename it to ${name.replace(/\.yml$/, ".yaml")}`;
  if (name === "airlock.yaml" && basename2(dirname2(path)) === ".github")
    return "the App reads .github/airlock.yml only; rename it to airlock.yml";
  return void 0;
}
async function repositoryConfigFiles(root, options) {
  const files = [];
  const misplaced = [];
  const github = join(root, ".github");
  for (const name of await entries(github)) {
    const path = join(github, name);
    if (name === "airlock.yml") files.push({ path, kind: kindOfPath(path, options) });
    else if (misplacedReason(path)) misplaced.push({ path, reason: misplacedReason(path) });
  }
  const airlock = join(github, "airlock");
  for (const name of (await entries(airlock)).sort()) {
    const path = join(airlock, name);
    const kind = kindOfPath(path, options);
    if (kind) files.push({ path, kind });
    else if (misplacedReason(path)) misplaced.push({ path, reason: misplacedReason(path) });
  }
  return { files, misplaced };
}
var SKIPPED_DIRECTORIES = /* @__PURE__ */ new Set([".git", "node_modules"]);
async function findConfigFiles(dir, options) {
  const files = [];
  const misplaced = [];
  const walk = async (current) => {
    for (const name of (await readdir(current)).sort()) {
      const path = join(current, name);
      const stat2 = await lstat(path);
      if (stat2.isDirectory()) {
        if (!SKIPPED_DIRECTORIES.has(name)) await walk(path);
        continue;
      }
      const kind = kindOfPath(path, options);
      if (kind) files.push({ path, kind });
      else if (misplacedReason(path)) misplaced.push({ path, reason: misplacedReason(path) });
    }
  };
  await walk(dir);
  return { files, misplaced };
}
async function entries(dir) {
  try {
    return await readdir(dir);
  } catch (error) {
    if (error.code === "ENOENT" || error.code === "ENOTDIR")
      return [];
    throw error;
  }
}

// src/cli/workflow-command.ts
var escapeData = (s) => s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
var escapeProperty = (s) => escapeData(s).replace(/:/g, "%3A").replace(/,/g, "%2C");
function errorCommand(a) {
  return `::error file=${escapeProperty(a.file)},line=${a.line},col=${a.col},title=${escapeProperty(a.title)}::${escapeData(a.message)}
`;
}

// src/cli/config-command.ts
var KINDS = Object.keys(DOCUMENT_SCHEMAS);
var EXIT = {
  0: "every file is valid",
  1: "a file is invalid (each problem is printed as <file>:<line>:<col>: ...)",
  2: "usage error, a path that cannot be read, or no Airlock file to check"
};
var CHECK = {
  name: "config check",
  help: {
    usage: [
      "airlock config check [<file|dir>...] [--org] [--kind <kind>] [--format text|json|github] [--json]"
    ],
    about: `Validates Airlock's configuration offline, with the JSON Schemas published in schemas/ and the
checks the App and the broker run on top (patterns that must compile, lifetimes), so a file that
passes here is one they accept. Each problem is one line: <file>:<line>:<col>: <field>: <message>.

With no paths: exactly the files the App and the broker read from the repository in the current
directory: .github/airlock.yml, .github/airlock/<identity>.sts.yaml and .github/airlock/ceiling.yaml
(the org ceiling). A directory is searched for *.sts.yaml, airlock.yml and airlock/ceiling.yaml
(not .git or node_modules); a file is checked as its name says, or as --kind says.

airlock.yml is read as the organization's layer (which may set locked) when the repository is the
org's .github repository: --org, GITHUB_REPOSITORY=<org>/.github, or a current directory named
.github; otherwise as a repository's layer.

Under GitHub Actions (GITHUB_ACTIONS=true) the default format is github: each problem is an
::error workflow command, so it annotates the file in the pull request.`,
    options: [
      [
        "--org",
        "read airlock.yml as the organization's layer (<org>/.github), which may set locked"
      ],
      ["--kind <kind>", `check the named files as ${KINDS.join(", ")}`],
      [
        "-f, --format F",
        "text (default), json, or github (::error annotations; default under GitHub Actions)"
      ],
      ["--json", "short for --format json"]
    ],
    exit: EXIT
  },
  options: {
    org: { type: "boolean" },
    kind: { type: "string" },
    ...FORMAT_OPTIONS
  },
  positionals: true
};
var GROUP = {
  name: "config",
  about: "Offline checks of Airlock's configuration files (trust policies, .github/airlock.yml, the org layer and ceiling).",
  subcommands: {
    check: {
      summary: "validate trust policies and airlock.yml against the published schemas, with file:line errors",
      run: (argv, io) => runCommand(CHECK, argv, io, ({ values, positionals }) => check(values, positionals, io))
    }
  },
  exit: EXIT
};
var configCommand = (argv, io) => runCommandGroup(GROUP, argv, io);
async function check(values, paths, io) {
  const explicit = values.format !== void 0 || values.json === true;
  const format = !explicit && io.env.GITHUB_ACTIONS === "true" ? "github" : reportFormat(values, ["json", "github"]);
  if (values.kind !== void 0 && !KINDS.includes(values.kind))
    throw new CliError(
      "usage",
      `unknown --kind "${values.kind}"; expected one of ${KINDS.join(", ")}`
    );
  const organization = values.org === true || /\/\.github$/.test(io.env.GITHUB_REPOSITORY ?? "") || basename3(resolve(io.cwd)) === ".github";
  const { files, misplaced } = await collect(paths, io.cwd, {
    organization,
    kind: values.kind
  });
  const reports = [];
  for (const file of files) {
    let text;
    try {
      text = await readFile(file.path, "utf8");
    } catch (error) {
      throw new CliError(
        "input",
        `cannot read ${shown(file.path, io.cwd)}: ${error.message}`
      );
    }
    reports.push({
      file: shown(file.path, io.cwd),
      kind: file.kind,
      problems: checkConfigFile(file, text)
    });
  }
  for (const m of misplaced)
    reports.push({
      file: shown(m.path, io.cwd),
      kind: null,
      problems: [{ line: 1, col: 1, field: "", message: m.reason }]
    });
  const invalid = reports.filter((r) => r.problems.length > 0);
  if (format === "json") {
    io.stdout(`${JSON.stringify({ ok: invalid.length === 0, files: reports })}
`);
  } else {
    for (const report of reports) {
      if (!report.problems.length)
        io.stdout(`${report.file}: ok (${DOCUMENT_SCHEMAS[report.kind].title})
`);
      for (const problem of report.problems) {
        io.stdout(
          format === "github" ? errorCommand({
            file: report.file,
            line: problem.line,
            col: problem.col,
            title: "airlock config",
            message: problem.field ? `${problem.field}: ${problem.message}` : problem.message
          }) : `${formatProblem(report.file, problem)}
`
        );
      }
    }
    const count = invalid.reduce((n, r) => n + r.problems.length, 0);
    io.stdout(
      invalid.length ? `${count} problem(s) in ${invalid.length} of ${reports.length} file(s)
` : `${reports.length} file(s) valid
`
    );
  }
  return invalid.length ? 1 : 0;
}
async function collect(paths, cwd, options) {
  if (!paths.length) {
    const found = await repositoryConfigFiles(cwd, options);
    if (!found.files.length && !found.misplaced.length) {
      throw new CliError(
        "input",
        `no Airlock configuration in ${cwd}: looked for .github/airlock.yml, .github/airlock/*.sts.yaml and .github/airlock/ceiling.yaml; give the files or directories to check`
      );
    }
    return found;
  }
  const files = /* @__PURE__ */ new Map();
  const misplaced = [];
  for (const given of paths) {
    const path = resolve(cwd, given);
    let isDirectory;
    try {
      isDirectory = (await stat(path)).isDirectory();
    } catch (error) {
      throw new CliError(
        "input",
        `cannot read ${given}: ${error.code === "ENOENT" ? "no such file or directory" : error.message}`
      );
    }
    if (isDirectory) {
      const found = await findConfigFiles(path, options);
      if (!found.files.length && !found.misplaced.length)
        throw new CliError(
          "input",
          `no Airlock configuration under ${given}: looked for *.sts.yaml, airlock.yml and airlock/ceiling.yaml`
        );
      for (const file of found.files) files.set(file.path, file);
      misplaced.push(...found.misplaced);
      continue;
    }
    const kind = options.kind ?? kindOfPath(path, options);
    if (kind) files.set(path, { path, kind });
    else if (misplacedReason(path)) misplaced.push({ path, reason: misplacedReason(path) });
    else
      throw new CliError(
        "usage",
        `cannot tell what ${given} is: Airlock reads <identity>.sts.yaml, airlock.yml and airlock/ceiling.yaml; rename it or give --kind ${KINDS.join("|")}`
      );
  }
  return { files: [...files.values()], misplaced };
}
function shown(path, cwd) {
  const rel = relative(resolve(cwd), path);
  return (rel && !rel.startsWith("..") && !isAbsolute(rel) ? rel : path).split(sep).join("/");
}
export {
  configCommand
};
