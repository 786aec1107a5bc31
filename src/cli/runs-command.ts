import { runEventStore } from '../../app/telemetry/run-event-store.js';
import { renderTimelineText } from '../../app/telemetry/run-timeline.js';
import { openFromEnv, withInputErrors } from './audit-command.js';
import type { CliCommand } from './cli-io.js';
import { CliError, FORMAT_OPTIONS, numberOption, reportFormat, runCommand, runCommandGroup, type CommandGroup } from './parse-command-args.js';

const REPOSITORY = /^[A-Za-z0-9-]{1,39}\/[A-Za-z0-9._-]{1,100}$/;
const RUN_ID = /^[1-9][0-9]{0,19}$/;

const SHOW = {
  name: 'runs show',
  help: {
    usage: ['airlock runs show <owner/repo> <run_id> [--attempt N] [--format text|json] [--json]'],
    about: `Shows the timeline of one workflow run from the telemetry its Airlock Action sent the App
(POST /airlock/v1/events): each event's time, kind and a one-line summary, then the totals per
kind and the hosts egress refused. Without --attempt, the latest attempt that sent telemetry.
The database is DATABASE_URL (PostgreSQL) or the PGlite data in AIRLOCK_DATA_DIR (default .airlock-data).`,
    options: [
      ['--attempt N', 'the run attempt (1, 2, ...); default: the latest with telemetry'],
      ['-f, --format F', 'text (default) or json'],
      ['--json', 'short for --format json'],
    ],
    exit: { 0: 'the timeline was shown', 2: 'usage error, no database, or no telemetry for that run' },
  },
  options: { attempt: { type: 'string' }, ...FORMAT_OPTIONS },
  positionals: true,
} as const;

const showCommand: CliCommand = (argv, io) =>
  runCommand(SHOW, argv, io, async ({ values, positionals }) => {
    const json = reportFormat(values, ['json'] as const) === 'json';
    const [repository, runId, extra] = positionals;
    if (repository === undefined || runId === undefined) throw new CliError('usage', 'expected <owner/repo> <run_id>, e.g. airlock runs show acme/widgets 7000001');
    if (extra !== undefined) throw new CliError('usage', `unexpected argument "${extra}"; expected only <owner/repo> <run_id>`);
    if (!REPOSITORY.test(repository)) throw new CliError('usage', `repository "${repository}" must be owner/name, e.g. acme/widgets`);
    if (!RUN_ID.test(runId)) throw new CliError('usage', `run id "${runId}" must be the numeric workflow run id (the number in .../actions/runs/<id>)`);
    const attempt = values.attempt === undefined ? undefined : numberOption('--attempt', values.attempt, 1, { integer: true, min: 1 });
    return withInputErrors(async () => {
      const db = await openFromEnv(io);
      try {
        const store = runEventStore(db, { clock: Date.now });
        const run = await store.findRun({ repository, runId, ...(attempt === undefined ? {} : { runAttempt: attempt }) });
        if (!run) throw new CliError('input', `no telemetry for run ${runId}${attempt === undefined ? '' : ` attempt ${attempt}`} of ${repository}; check the repository and run id, and that the run used the Airlock Action with this App`);
        const [summary, events] = await Promise.all([store.summary(run), store.events(run)]);
        io.stdout(json ? `${JSON.stringify({ ...summary, events })}\n` : renderTimelineText(summary, events));
        return 0;
      } finally {
        await db.close();
      }
    });
  });

const RUNS: CommandGroup = {
  name: 'runs',
  about: 'Agent runs as the App saw them through their telemetry:',
  subcommands: {
    show: { summary: "one run's timeline: events, totals per kind, refused hosts", run: showCommand },
  },
  exit: { 0: 'success', 2: 'usage error, no database, or no telemetry for that run' },
};

/** `airlock runs show`: a run's timeline from the telemetry the App stored. */
export const runsCommand: CliCommand = (argv, io) => runCommandGroup(RUNS, argv, io);
