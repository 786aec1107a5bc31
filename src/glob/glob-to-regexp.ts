import picomatch from 'picomatch/posix.js';
import { GlobError } from './glob-error.js';

/**
 * The one set of picomatch options every Airlock glob is read with (egress path rules, the
 * scanner's allow-list, the config's protected branches), so a pattern means the same everywhere:
 * - `*` any run within a segment, `?` one character (never `/`), `**` as a whole segment any
 *   number of segments (elsewhere it is `*`), `[...]` a class (`[^...]` negated), `\` escapes;
 *   this is GitHub's ruleset fnmatch (File::FNM_PATHNAME, no braces, no extglob):
 *   https://docs.github.com/en/repositories/configuring-branches-and-merges-in-your-repository/managing-rulesets/creating-rulesets-for-a-repository#using-fnmatch-syntax
 * - `dot`: `*` and `**` match names starting with `.` (`.github/**`), but never a `.` or `..`
 *   segment;
 * - `nonegate`: a leading `!` is literal, since in an allow-list a negated entry would allow
 *   everything else;
 * - `nobrace`, `noextglob`, and parentheses made literal below: `{a,b}`, `+(a)` and `(a|b)` are
 *   characters, as GitHub reads them, so `app/(group)/**` names that directory;
 * - `debug`: an invalid pattern throws instead of becoming a regex that matches nothing.
 * https://github.com/micromatch/picomatch#picomatch-options
 */
const OPTIONS: picomatch.PicomatchOptions = { dot: true, nonegate: true, noextglob: true, nobrace: true, debug: true };

/** picomatch treats `(...)` as a regex group; an unescaped parenthesis is escaped to stay literal. */
const literalParentheses = (glob: string): string => glob.replace(/(?<!\\)[()]/g, '\\$&');

/**
 * A path glob as a regular expression over `/`-separated paths, anchored at both ends.
 * `baseName`: a glob without `/` matches the last segment at any depth (`*.lock` is
 * `**\/*.lock`), as the scanner's allow-list reads it. An invalid glob (an unclosed class, a
 * reversed range, a trailing `\`) throws rather than matching nothing.
 */
export function globToRegExp(glob: string, options: { baseName?: boolean } = {}): RegExp {
  if (glob.length === 0) throw new GlobError('invalid_glob', 'a glob must not be empty; use ** to match every path');
  const pattern = options.baseName && !glob.includes('/') ? `**/${glob}` : glob;
  try {
    return picomatch.makeRe(literalParentheses(pattern), OPTIONS);
  } catch (error) {
    throw new GlobError('invalid_glob', `glob ${JSON.stringify(glob)} is not valid (${(error as Error).message.replace(/^Invalid regular expression: /, '')}); escape a literal [, ] or \\ with \\`);
  }
}
