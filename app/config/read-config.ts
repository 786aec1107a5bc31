import type { Context } from 'probot';
import { conditionalGet, type ConditionalCache } from '../gate/conditional-cache.js';
import { CONFIG_PATH, ConfigError, mergeConfig, parseConfig, type AirlockConfig, type ConfigLayer, type ConfigLayerKind } from './airlock-config.js';

/** A configuration file as read: its blob id (the parse cache's key) and its text. */
interface ConfigBlob {
  sha: string;
  text: string;
}

/** Parsed layers kept by kind and blob id; a layer is a few hundred bytes. */
const PARSED_MAX_ENTRIES = 1000;

/**
 * The effective configuration of the event's repository: defaults, org layer, repo layer. `ref`
 * reads the repository's own layer at a commit, e.g. the one before a push, so that a push cannot
 * change the rules that judge it.
 */
export type ConfigReader = (context: Context, owner: string, repo: string, ref?: string) => Promise<AirlockConfig>;

/**
 * A configuration reader. Both layers are asked of GitHub on every call, so a changed file takes
 * effect at once; a layer's parse is kept by the file's blob SHA (the same text is validated once).
 * With `conditional`, each layer is read with the ETag of its last answer and an unchanged file
 * costs a 304, which does not count against the rate limit:
 * https://docs.github.com/en/rest/using-the-rest-api/best-practices-for-using-the-rest-api#use-conditional-requests-if-appropriate
 * An absent file (404) has no ETag and is asked again each time.
 */
export function configReader(options: { conditional?: ConditionalCache } = {}): ConfigReader {
  const parsed = new Map<string, ConfigLayer>();

  /** Reads one layer from a repository's default branch (or `ref`); `{}` when the file (or repo) is absent. */
  const readLayer = async (context: Context, owner: string, repo: string, kind: ConfigLayerKind, ref?: string): Promise<ConfigLayer> => {
    const file = `${owner}/${repo}:${CONFIG_PATH}`;
    let blob: ConfigBlob;
    try {
      // No `ref`: GitHub serves the default branch. https://docs.github.com/en/rest/repos/contents
      const read = await conditionalGet(context.octokit, options.conditional, {
        installationId: (context.payload as { installation?: { id?: number } } | undefined)?.installation?.id,
        route: 'GET /repos/{owner}/{repo}/contents/{path}',
        params: { owner, repo, path: CONFIG_PATH, ...(ref ? { ref } : {}) },
        keep: (data): ConfigBlob => {
          const d = data as { type?: string; content?: unknown; sha?: unknown } | unknown[];
          if (Array.isArray(d) || d.type !== 'file' || typeof d.content !== 'string' || typeof d.sha !== 'string') throw new ConfigError(file, '', 'is not a file');
          return { sha: d.sha, text: Buffer.from(d.content, 'base64').toString('utf8') };
        },
      });
      blob = read.value!;
    } catch (error) {
      if ((error as { status?: number }).status === 404) return {};
      throw error;
    }
    const key = `${kind}\u0000${blob.sha}`;
    let layer = parsed.get(key);
    if (!layer) {
      layer = parseConfig(file, blob.text, kind);
      parsed.set(key, layer);
      if (parsed.size > PARSED_MAX_ENTRIES) parsed.delete(parsed.keys().next().value!);
    }
    // A copy: the kept layer must not change with whoever holds this one.
    return structuredClone(layer);
  };

  return async (context, owner, repo, ref) => {
    // The org's `.github` repository's file is the org layer, `locked` and notify_url included (its schema), for its own events too.
    if (repo === '.github') return mergeConfig(await readLayer(context, owner, repo, 'organization', ref), {});
    const [org, own] = await Promise.all([readLayer(context, owner, '.github', 'organization'), readLayer(context, owner, repo, 'repository', ref)]);
    return mergeConfig(org, own);
  };
}

/** Reads the configuration without conditional requests (the parse is still kept by blob SHA). */
export const readAirlockConfig: ConfigReader = configReader();
