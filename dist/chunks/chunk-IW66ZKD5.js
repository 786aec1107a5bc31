import { createRequire as __airlockCreateRequire } from 'node:module'; const require = __airlockCreateRequire(import.meta.url);

// package.json
var package_default = {
  name: "airlock",
  version: "0.1.0",
  description: "Run autonomous coding agents in GitHub Actions without risking your secrets: OIDC-brokered, narrowed, revocable credentials; a sandbox; a policy-and-approval gate.",
  license: "Apache-2.0",
  type: "module",
  private: true,
  engines: {
    node: ">=20.19.0"
  },
  bin: {
    airlock: "bin/airlock.js"
  },
  scripts: {
    build: "node scripts/build.js",
    typecheck: "tsc --noEmit",
    lint: "eslint .",
    format: "prettier --write .",
    "test:jest": "node --experimental-vm-modules node_modules/jest/bin/jest.js",
    test: "npm run build && npm run typecheck && npm run lint && npm run test:jest",
    start: "node bin/airlock.js app",
    world: "node bin/airlock.js world",
    demo: "node bin/airlock.js demo",
    bench: "node bin/airlock.js bench"
  },
  dependencies: {
    "@actions/core": "^3.0.1",
    "@electric-sql/pglite": "^0.5.16",
    "@open-policy-agent/opa-wasm": "^1.10.0",
    "@sigstore/bundle": "^4.0.0",
    "@sigstore/core": "^3.2.1",
    "@sigstore/protobuf-specs": "^0.5.2",
    "@sigstore/sign": "~4.1.0",
    "@sigstore/tuf": "^4.0.2",
    "@sigstore/verify": "~3.1.0",
    "@smithy/hash-node": "^4.5.2",
    "@smithy/signature-v4": "^5.7.5",
    ajv: "^8.20.0",
    graphql: "^16.15.0",
    jose: "^6.2.18",
    ms: "^2.1.3",
    pg: "^8.23.1",
    picomatch: "^4.0.7",
    pino: "^10.4.0",
    probot: "^14.3.2",
    "prom-client": "^15.1.3",
    re2js: "^2.10.0",
    snappyjs: "^0.7.0",
    undici: "^6.29.1",
    yaml: "^2.9.1"
  },
  devDependencies: {
    "@eslint/js": "^10.0.1",
    "@jest/globals": "^30.5.2",
    "@octokit/openapi": "^23.0.2",
    "@octokit/webhooks-examples": "^7.6.1",
    "@secretlint/secretlint-rule-preset-recommend": "^13.1.0",
    "@sigstore/mock": "^0.12.1",
    "@types/markdown-it": "^14.2.0",
    "@types/ms": "^2.1.0",
    "@types/node": "^20.19.43",
    "@types/pg": "^8.23.1",
    "@types/picomatch": "^4.0.3",
    "@types/snappyjs": "^0.7.1",
    esbuild: "^0.28.2",
    eslint: "^10.15.0",
    jest: "^30.5.2",
    "markdown-it": "^14.3.3",
    prettier: "^3.10.1",
    secretlint: "^13.0.6",
    "ts-jest": "^29.4.15",
    typescript: "~5.9",
    "typescript-eslint": "^8.73.0"
  }
};

// src/cli/airlock-version.ts
var AIRLOCK_VERSION = package_default.version;

// src/cli/parse-command-args.ts
import { parseArgs } from "node:util";
var CliError = class extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
  code;
  name = "CliError";
};
var STANDARD_OPTIONS = [
  ["-h, --help", "show this help and exit"],
  ["--version", "print the version and exit"]
];
function renderHelp(help) {
  const options = [...help.options ?? [], ...STANDARD_OPTIONS];
  const width = Math.min(28, Math.max(...options.map(([flags]) => flags.length)) + 2);
  const option = ([flags, text]) => flags.length + 2 > width ? `  ${flags}
  ${" ".repeat(width)}${text}` : `  ${flags.padEnd(width)}${text}`;
  const exits = [0, 1, 2].flatMap((code) => help.exit[code] === void 0 ? [] : [`  ${code}  ${help.exit[code]}`]);
  return [
    help.usage.map((line, i) => `${i === 0 ? "usage: " : "       "}${line}`).join("\n"),
    ...help.about ? [help.about.replace(/^\n+|\s+$/g, "")] : [],
    `options:
${options.map(option).join("\n")}`,
    `exit status:
${exits.join("\n")}`
  ].join("\n\n") + "\n";
}
function reportCliError(io, command, error) {
  const line = error.message.replace(/\s*\n\s*/g, " ");
  io.stderr(`airlock ${command}: ${line}${error.code === "usage" ? `; see airlock ${command} --help` : ""}
`);
  return 2;
}
function helpOrVersion(argv) {
  for (const arg of argv) {
    if (arg === "--") return void 0;
    if (arg === "--help" || arg === "-h") return "help";
    if (arg === "--version") return "version";
  }
  return void 0;
}
function answerHelpOrVersion(io, help, argv) {
  const asked = helpOrVersion(argv);
  if (asked === "help") io.stdout(help);
  else if (asked === "version") io.stdout(`airlock ${AIRLOCK_VERSION}
`);
  return asked === void 0 ? void 0 : 0;
}
var optionList = (options) => Object.keys(options).map((name) => `--${name}`).join(", ");
function parseErrorLine(error, options) {
  const { code, message } = error;
  const quoted = /'([^']+)'/.exec(message)?.[1] ?? "";
  const flag = /--[\w-]+/.exec(quoted)?.[0] ?? quoted.split(/[ ,]/)[0] ?? quoted;
  if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") return `unknown option "${flag}"; expected ${Object.keys(options).length ? `one of ${optionList(options)}` : "no options"} (a file name starting with "-" goes after --)`;
  if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") {
    if (message.includes("argument missing")) return `${flag} needs a value, e.g. ${flag} <value>`;
    if (message.includes("does not take an argument")) return `${flag} takes no value; write ${flag} alone`;
    if (message.includes("ambiguous")) return `bad ${flag} value: the next argument starts with "-"; write ${flag}=<value> if the value really starts with "-"`;
  }
  return message.split("\n")[0];
}
function parseCommandArgs(spec, argv) {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: spec.options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new CliError("usage", parseErrorLine(error, spec.options));
  }
  if (!spec.positionals && parsed.positionals.length > 0) throw new CliError("usage", `unexpected argument "${parsed.positionals[0]}"; airlock ${spec.name} takes ${Object.keys(spec.options).length ? "only options" : "no arguments"}`);
  return parsed;
}
async function runCommand(spec, argv, io, body) {
  const answered = answerHelpOrVersion(io, renderHelp(spec.help), argv);
  if (answered !== void 0) return answered;
  try {
    return await body(parseCommandArgs(spec, argv));
  } catch (error) {
    if (error instanceof CliError) return reportCliError(io, spec.name, error);
    throw error;
  }
}
function renderGroupHelp(group) {
  const names = Object.keys(group.subcommands);
  const width = Math.max(...names.map((n) => n.length)) + 2;
  return renderHelp({
    usage: [`airlock ${group.name} <${names.join("|")}> [options]`],
    about: `${group.about}

${names.map((n) => `  ${n.padEnd(width)}${group.subcommands[n].summary}`).join("\n")}

airlock ${group.name} <subcommand> --help shows each one's options.`,
    exit: group.exit
  });
}
async function runCommandGroup(group, argv, io) {
  const [sub, ...rest] = argv;
  const expected = `expected one of ${Object.keys(group.subcommands).join(", ")}`;
  if (sub === void 0) return reportCliError(io, group.name, new CliError("usage", `missing subcommand; ${expected}`));
  if (sub.startsWith("-")) {
    const answered = answerHelpOrVersion(io, renderGroupHelp(group), [sub]);
    if (answered !== void 0) return answered;
  }
  const subcommand = Object.hasOwn(group.subcommands, sub) ? group.subcommands[sub] : void 0;
  if (!subcommand) return reportCliError(io, group.name, new CliError("usage", `unknown subcommand "${sub}"; ${expected}`));
  return subcommand.run(rest, io);
}
function reportFormat(values, allowed) {
  const { format, json } = values;
  if (json && format !== void 0 && format !== "json") throw new CliError("usage", `--json means --format json and contradicts --format ${format}; give one of them`);
  const chosen = format ?? (json ? "json" : "text");
  if (chosen !== "text" && !allowed.includes(chosen)) throw new CliError("usage", `unknown format "${chosen}"; expected --format ${["text", ...allowed].join(", ")}`);
  return chosen;
}
var FORMAT_OPTIONS = {
  format: { type: "string", short: "f" },
  json: { type: "boolean" }
};
function numberOption(flag, raw, fallback, rule) {
  if (raw === void 0) return fallback;
  const n = Number(raw);
  if (raw.trim() === "" || !Number.isFinite(n) || rule.integer && !Number.isInteger(n) || n < rule.min) throw new CliError("usage", `${flag} ${raw} is not valid; expected ${rule.integer ? "an integer" : "a number"} >= ${rule.min}`);
  return n;
}

export {
  AIRLOCK_VERSION,
  CliError,
  renderHelp,
  reportCliError,
  answerHelpOrVersion,
  runCommand,
  runCommandGroup,
  reportFormat,
  FORMAT_OPTIONS,
  numberOption
};
