import { readFile, stat } from 'node:fs/promises';
import { basename, isAbsolute, relative, resolve, sep } from 'node:path';
import { checkConfigFile } from '../config/check-config-file.js';
import {
  findConfigFiles,
  kindOfPath,
  misplacedReason,
  repositoryConfigFiles,
  type ConfigFile,
  type MisplacedFile,
} from '../config/find-config-files.js';
import {
  DOCUMENT_SCHEMAS,
  formatProblem,
  type DocumentKind,
  type DocumentProblem,
} from '../config/validate-document.js';
import type { CliCommand, CliIo } from './cli-io.js';
import {
  CliError,
  FORMAT_OPTIONS,
  reportFormat,
  runCommand,
  runCommandGroup,
  type CommandGroup,
  type ParsedValues,
} from './parse-command-args.js';
import { errorCommand } from './workflow-command.js';

const KINDS = Object.keys(DOCUMENT_SCHEMAS) as DocumentKind[];
const EXIT = {
  0: 'every file is valid',
  1: 'a file is invalid (each problem is printed as <file>:<line>:<col>: ...)',
  2: 'usage error, a path that cannot be read, or no Airlock file to check',
} as const;

const CHECK = {
  name: 'config check',
  help: {
    usage: [
      'airlock config check [<file|dir>...] [--org] [--kind <kind>] [--format text|json|github] [--json]',
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
        '--org',
        "read airlock.yml as the organization's layer (<org>/.github), which may set locked",
      ],
      ['--kind <kind>', `check the named files as ${KINDS.join(', ')}`],
      [
        '-f, --format F',
        'text (default), json, or github (::error annotations; default under GitHub Actions)',
      ],
      ['--json', 'short for --format json'],
    ],
    exit: EXIT,
  },
  options: {
    org: { type: 'boolean' },
    kind: { type: 'string' },
    ...FORMAT_OPTIONS,
  },
  positionals: true,
} as const;

const GROUP: CommandGroup = {
  name: 'config',
  about:
    "Offline checks of Airlock's configuration files (trust policies, .github/airlock.yml, the org layer and ceiling).",
  subcommands: {
    check: {
      summary:
        'validate trust policies and airlock.yml against the published schemas, with file:line errors',
      run: (argv, io) =>
        runCommand(CHECK, argv, io, ({ values, positionals }) => check(values, positionals, io)),
    },
  },
  exit: EXIT,
};

/** `airlock config check`. */
export const configCommand: CliCommand = (argv, io) => runCommandGroup(GROUP, argv, io);

interface FileReport {
  file: string;
  kind: DocumentKind | null;
  problems: DocumentProblem[];
}

async function check(
  values: ParsedValues<typeof CHECK.options>,
  paths: string[],
  io: CliIo,
): Promise<number> {
  const explicit = values.format !== undefined || values.json === true;
  const format =
    !explicit && io.env.GITHUB_ACTIONS === 'true'
      ? 'github'
      : reportFormat(values, ['json', 'github'] as const);
  if (values.kind !== undefined && !(KINDS as string[]).includes(values.kind))
    throw new CliError(
      'usage',
      `unknown --kind "${values.kind}"; expected one of ${KINDS.join(', ')}`,
    );
  const organization =
    values.org === true ||
    /\/\.github$/.test(io.env.GITHUB_REPOSITORY ?? '') ||
    basename(resolve(io.cwd)) === '.github';
  const { files, misplaced } = await collect(paths, io.cwd, {
    organization,
    kind: values.kind as DocumentKind | undefined,
  });

  const reports: FileReport[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = await readFile(file.path, 'utf8');
    } catch (error) {
      throw new CliError(
        'input',
        `cannot read ${shown(file.path, io.cwd)}: ${(error as Error).message}`,
      );
    }
    reports.push({
      file: shown(file.path, io.cwd),
      kind: file.kind,
      problems: checkConfigFile(file, text),
    });
  }
  for (const m of misplaced)
    reports.push({
      file: shown(m.path, io.cwd),
      kind: null,
      problems: [{ line: 1, col: 1, field: '', message: m.reason }],
    });

  const invalid = reports.filter((r) => r.problems.length > 0);
  if (format === 'json') {
    io.stdout(`${JSON.stringify({ ok: invalid.length === 0, files: reports })}\n`);
  } else {
    for (const report of reports) {
      if (!report.problems.length)
        io.stdout(`${report.file}: ok (${DOCUMENT_SCHEMAS[report.kind!].title})\n`);
      for (const problem of report.problems) {
        io.stdout(
          format === 'github'
            ? errorCommand({
                file: report.file,
                line: problem.line,
                col: problem.col,
                title: 'airlock config',
                message: problem.field ? `${problem.field}: ${problem.message}` : problem.message,
              })
            : `${formatProblem(report.file, problem)}\n`,
        );
      }
    }
    const count = invalid.reduce((n, r) => n + r.problems.length, 0);
    io.stdout(
      invalid.length
        ? `${count} problem(s) in ${invalid.length} of ${reports.length} file(s)\n`
        : `${reports.length} file(s) valid\n`,
    );
  }
  return invalid.length ? 1 : 0;
}

/** The files to check: the repository's own with no paths, else each file and each directory's Airlock files. */
async function collect(
  paths: string[],
  cwd: string,
  options: { organization: boolean; kind: DocumentKind | undefined },
): Promise<{ files: ConfigFile[]; misplaced: MisplacedFile[] }> {
  if (!paths.length) {
    const found = await repositoryConfigFiles(cwd, options);
    if (!found.files.length && !found.misplaced.length) {
      throw new CliError(
        'input',
        `no Airlock configuration in ${cwd}: looked for .github/airlock.yml, .github/airlock/*.sts.yaml and .github/airlock/ceiling.yaml; give the files or directories to check`,
      );
    }
    return found;
  }
  const files = new Map<string, ConfigFile>();
  const misplaced: MisplacedFile[] = [];
  for (const given of paths) {
    const path = resolve(cwd, given);
    let isDirectory: boolean;
    try {
      isDirectory = (await stat(path)).isDirectory();
    } catch (error) {
      throw new CliError(
        'input',
        `cannot read ${given}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : (error as Error).message}`,
      );
    }
    if (isDirectory) {
      const found = await findConfigFiles(path, options);
      if (!found.files.length && !found.misplaced.length)
        throw new CliError(
          'input',
          `no Airlock configuration under ${given}: looked for *.sts.yaml, airlock.yml and airlock/ceiling.yaml`,
        );
      for (const file of found.files) files.set(file.path, file);
      misplaced.push(...found.misplaced);
      continue;
    }
    const kind = options.kind ?? kindOfPath(path, options);
    if (kind) files.set(path, { path, kind });
    else if (misplacedReason(path)) misplaced.push({ path, reason: misplacedReason(path)! });
    else
      throw new CliError(
        'usage',
        `cannot tell what ${given} is: Airlock reads <identity>.sts.yaml, airlock.yml and airlock/ceiling.yaml; rename it or give --kind ${KINDS.join('|')}`,
      );
  }
  return { files: [...files.values()], misplaced };
}

/** A path as annotations and editors want it: relative to the working directory, with / separators. */
function shown(path: string, cwd: string): string {
  const rel = relative(resolve(cwd), path);
  return (rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path).split(sep).join('/');
}
