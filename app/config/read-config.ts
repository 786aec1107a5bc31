import type { Context } from 'probot';
import { CONFIG_PATH, ConfigError, mergeConfig, parseConfig, type AirlockConfig, type ConfigLayer, type ConfigLayerKind } from './airlock-config.js';

/** Reads one layer from a repository's default branch (or `ref`); `{}` when the file (or repo) is absent. */
async function readLayer(context: Context, owner: string, repo: string, kind: ConfigLayerKind, ref?: string): Promise<ConfigLayer> {
  let text: string;
  try {
    // No `ref`: GitHub serves the default branch. https://docs.github.com/en/rest/repos/contents
    const { data } = await context.octokit.request('GET /repos/{owner}/{repo}/contents/{path}', { owner, repo, path: CONFIG_PATH, ...(ref ? { ref } : {}) });
    if (Array.isArray(data) || data.type !== 'file' || !('content' in data)) throw new ConfigError(`${owner}/${repo}:${CONFIG_PATH}`, '', 'is not a file');
    text = Buffer.from(data.content, 'base64').toString('utf8');
  } catch (error) {
    if ((error as { status?: number }).status === 404) return {};
    throw error;
  }
  return parseConfig(`${owner}/${repo}:${CONFIG_PATH}`, text, kind);
}

/**
 * The effective configuration of the event's repository: defaults, org layer, repo layer. `ref`
 * reads the repository's own layer at a commit, e.g. the one before a push, so that a push cannot
 * change the rules that judge it.
 */
export async function readAirlockConfig(context: Context, owner: string, repo: string, ref?: string): Promise<AirlockConfig> {
  // The org's `.github` repository's file is the org layer, `locked` included (its schema), for its own events too.
  const [org, own] = await Promise.all([repo === '.github' ? Promise.resolve({}) : readLayer(context, owner, '.github', 'organization'), readLayer(context, owner, repo, repo === '.github' ? 'organization' : 'repository', ref)]);
  return mergeConfig(org, own);
}
