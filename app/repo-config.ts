import type { Context } from 'probot';

/** `.github/airlock.yml` from the default branch (org defaults through `_extends`). */
export interface RepoConfig {
  /** Logins of agent identities: App bots (`name[bot]`) and users. */
  agents: string[];
  protectedBranches: string[];
}

export class ConfigError extends Error {}

function stringList(value: unknown, field: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) throw new ConfigError(`.github/airlock.yml: ${field} must be a list of strings`);
  return value;
}

/** Probot's context.config reads the default branch and follows `_extends`. */
export async function readRepoConfig(context: Context): Promise<RepoConfig> {
  const raw = (await context.config<Record<string, unknown>>('airlock.yml')) ?? {};
  return { agents: stringList(raw.agents, 'agents'), protectedBranches: stringList(raw.protected_branches, 'protected_branches') };
}
