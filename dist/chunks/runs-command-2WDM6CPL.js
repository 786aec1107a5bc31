import { createRequire as __airlockCreateRequire } from 'node:module'; const require = __airlockCreateRequire(import.meta.url);
import {
  openFromEnv,
  withInputErrors
} from "./chunk-SXLVTRAJ.js";
import "./chunk-6NOTVFOX.js";
import "./chunk-QITJAKBK.js";
import {
  renderTimelineText,
  runEventStore
} from "./chunk-ZNPOJ5N2.js";
import "./chunk-ZBJLR5X5.js";
import "./chunk-CAVPNZVC.js";
import "./chunk-5XH3EV2N.js";
import "./chunk-EZT4DIDZ.js";
import "./chunk-EPLYF327.js";
import {
  CliError,
  FORMAT_OPTIONS,
  numberOption,
  reportFormat,
  runCommand,
  runCommandGroup
} from "./chunk-IW66ZKD5.js";
import "./chunk-WLT2JI5U.js";

// src/cli/runs-command.ts
var REPOSITORY = /^[A-Za-z0-9-]{1,39}\/[A-Za-z0-9._-]{1,100}$/;
var RUN_ID = /^[1-9][0-9]{0,19}$/;
var SHOW = {
  name: "runs show",
  help: {
    usage: ["airlock runs show <owner/repo> <run_id> [--attempt N] [--format text|json] [--json]"],
    about: `Shows the timeline of one workflow run from the telemetry its Airlock Action sent the App
(POST /airlock/v1/events): each event's time, kind and a one-line summary, then the totals per
kind and the hosts egress refused. Without --attempt, the latest attempt that sent telemetry.
The database is DATABASE_URL (PostgreSQL) or the PGlite data in AIRLOCK_DATA_DIR (default .airlock-data).`,
    options: [
      ["--attempt N", "the run attempt (1, 2, ...); default: the latest with telemetry"],
      ["-f, --format F", "text (default) or json"],
      ["--json", "short for --format json"]
    ],
    exit: { 0: "the timeline was shown", 2: "usage error, no database, or no telemetry for that run" }
  },
  options: { attempt: { type: "string" }, ...FORMAT_OPTIONS },
  positionals: true
};
var showCommand = (argv, io) => runCommand(SHOW, argv, io, async ({ values, positionals }) => {
  const json = reportFormat(values, ["json"]) === "json";
  const [repository, runId, extra] = positionals;
  if (repository === void 0 || runId === void 0) throw new CliError("usage", "expected <owner/repo> <run_id>, e.g. airlock runs show acme/widgets 7000001");
  if (extra !== void 0) throw new CliError("usage", `unexpected argument "${extra}"; expected only <owner/repo> <run_id>`);
  if (!REPOSITORY.test(repository)) throw new CliError("usage", `repository "${repository}" must be owner/name, e.g. acme/widgets`);
  if (!RUN_ID.test(runId)) throw new CliError("usage", `run id "${runId}" must be the numeric workflow run id (the number in .../actions/runs/<id>)`);
  const attempt = values.attempt === void 0 ? void 0 : numberOption("--attempt", values.attempt, 1, { integer: true, min: 1 });
  return withInputErrors(async () => {
    const db = await openFromEnv(io);
    try {
      const store = runEventStore(db, { clock: Date.now });
      const run = await store.findRun({ repository, runId, ...attempt === void 0 ? {} : { runAttempt: attempt } });
      if (!run) throw new CliError("input", `no telemetry for run ${runId}${attempt === void 0 ? "" : ` attempt ${attempt}`} of ${repository}; check the repository and run id, and that the run used the Airlock Action with this App`);
      const [summary, events] = await Promise.all([store.summary(run), store.events(run)]);
      io.stdout(json ? `${JSON.stringify({ ...summary, events })}
` : renderTimelineText(summary, events));
      return 0;
    } finally {
      await db.close();
    }
  });
});
var RUNS = {
  name: "runs",
  about: "Agent runs as the App saw them through their telemetry:",
  subcommands: {
    show: { summary: "one run's timeline: events, totals per kind, refused hosts", run: showCommand }
  },
  exit: { 0: "success", 2: "usage error, no database, or no telemetry for that run" }
};
var runsCommand = (argv, io) => runCommandGroup(RUNS, argv, io);
export {
  runsCommand
};
