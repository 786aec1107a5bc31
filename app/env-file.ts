import { randomBytes } from 'node:crypto';
import { readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { isDeepStrictEqual, parseEnv } from 'node:util';
import { SettingsError } from './app-settings.js';

// The `.env` file Probot reads and writes: `KEY=value` lines parsed by Node's own dotenv parser
// (`util.parseEnv`, what Probot's loadEnv uses), double-quoted values with `\n` for newlines
// (how Probot's updateEnv writes PRIVATE_KEY). https://nodejs.org/api/util.html#utilparseenvcontent

/** The values of the `.env` at `path`; none when there is no such file. */
export async function readEnvFile(path: string): Promise<Record<string, string>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return {};
    throw new SettingsError(`${path} cannot be read (${code ?? (error as Error).message}): fix its permissions or remove it`);
  }
  return parseEnv(text) as Record<string, string>;
}

/** The environment the App runs with: `.env` under the real environment, whose values win. */
export async function environmentWithEnvFile(env: NodeJS.ProcessEnv, path: string): Promise<NodeJS.ProcessEnv> {
  return { ...(await readEnvFile(path)), ...env };
}

// Characters a value may hold unquoted: parseEnv ends an unquoted value at `#` and trims spaces.
const BARE = /^[A-Za-z0-9_./:@+=,-]*$/;

function line(key: string, value: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) throw new SettingsError(`cannot write ${key} to .env: not a variable name`);
  if (BARE.test(value)) return `${key}=${value}`;
  if (!value.includes('"')) return `${key}="${value.replace(/\n/g, '\\n')}"`;
  if (!value.includes("'") && !value.includes('\n')) return `${key}='${value}'`;
  throw new SettingsError(`cannot write ${key} to .env: its value holds both quote characters`);
}

/**
 * Merges `values` into the `.env` at `path` (other keys kept, as Probot's updateEnv does) and
 * writes it with mode 0600, whole or not at all: a temporary file renamed into place. The text
 * is parsed back before it is written, so a value the format cannot carry is refused, never
 * written altered.
 */
export async function updateEnvFile(path: string, values: Record<string, string>): Promise<void> {
  const merged = { ...(await readEnvFile(path)), ...values };
  const text = Object.entries(merged).map(([key, value]) => line(key, value)).join('\n') + '\n';
  if (!isDeepStrictEqual({ ...parseEnv(text) }, merged)) throw new SettingsError(`cannot write ${path}: a value would not read back unchanged`);
  const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(temporary, text, { mode: 0o600, flag: 'wx' });
    await rename(temporary, path);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw new SettingsError(`cannot write ${path} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}): make its directory writable`, { cause: error });
  }
}
