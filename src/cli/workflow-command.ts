/*
 * GitHub Actions workflow commands printed on stdout, which the runner turns into annotations on
 * the run and the pull request's files:
 *   ::error file={name},line={line},col={col},title={title}::{message}
 * https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-commands#setting-an-error-message
 * Escaping as the runner unescapes (actions/toolkit packages/core/src/command.ts): data escapes
 * % CR LF; property values also escape : and , (they separate properties).
 */

const escapeData = (s: string): string =>
  s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (s: string): string =>
  escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

export interface ErrorAnnotation {
  /** Relative to the repository root, as the runner resolves it against the workspace. */
  file: string;
  line: number;
  col: number;
  title: string;
  message: string;
}

/** One `::error` line (with its newline). */
export function errorCommand(a: ErrorAnnotation): string {
  return `::error file=${escapeProperty(a.file)},line=${a.line},col=${a.col},title=${escapeProperty(a.title)}::${escapeData(a.message)}\n`;
}
