/**
 * A path as the log shows it: a name the agent chose could otherwise hold a newline and start a
 * workflow command on the next line (THREATS.md §D 21).
 */
export function shownPath(path: string): string {
  return [...path].map((c) => (c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f ? '?' : c)).join('');
}

/** Text for the job summary, which GitHub renders as Markdown with HTML: nothing the agent named may become markup. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`|*_[\]\\]/g, (c) => `&#${c.charCodeAt(0)};`);
}
