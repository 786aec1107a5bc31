/**
 * Parses a runner file command (GITHUB_OUTPUT, GITHUB_ENV, GITHUB_STATE): `name=value` lines and
 * `name<<DELIMITER` heredocs.
 * https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-commands#multiline-strings
 */
export function parseFileCommand(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (!line) continue;
    const heredoc = /^([^=]+?)<<(.+)$/.exec(line);
    if (heredoc && !line.includes('=')) {
      const [, name, delimiter] = heredoc;
      const value: string[] = [];
      while (++i < lines.length && lines[i] !== delimiter) value.push(lines[i]!);
      if (i >= lines.length) throw new Error(`file command: heredoc for ${name} has no closing ${delimiter}`);
      out[name!] = value.join('\n');
      continue;
    }
    const eq = line.indexOf('=');
    if (eq <= 0) throw new Error(`file command: malformed line ${JSON.stringify(line.slice(0, 40))}`);
    out[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return out;
}
