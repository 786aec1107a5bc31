import { parse } from 'yaml';
import { SettingsError } from '../app-settings.js';

/** app.yml's manifest parameters. */
export function readAppYml(text: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = parse(text);
  } catch (error) {
    throw new SettingsError(`app.yml is not YAML (${(error as Error).message.split('\n')[0]}): restore it from the Airlock release`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new SettingsError('app.yml must be a mapping of GitHub App manifest parameters');
  return parsed as Record<string, unknown>;
}

/**
 * The manifest the registration page posts to GitHub: app.yml's parameters (name, url,
 * description, public, default_permissions, default_events) with the URLs only this server
 * knows filled in, as Probot's ManifestCreation.getManifest does: webhooks to WEBHOOK_PROXY_URL
 * or to this server's `/api/github/webhooks`, and GitHub's redirect back to `/probot/setup`.
 * https://docs.github.com/en/apps/sharing-github-apps/registering-a-github-app-from-a-manifest#github-app-manifest-parameters
 */
export function appManifest(options: { appYml: Record<string, unknown>; baseUrl: string; webhookProxyUrl?: string }): Record<string, unknown> {
  const { appYml } = options;
  return {
    ...appYml,
    // A hook URL set in app.yml wins, as in Probot; Airlock's app.yml leaves it to this server.
    hook_attributes: appYml.hook_attributes ?? { url: options.webhookProxyUrl ?? `${options.baseUrl}/api/github/webhooks`, active: true },
    redirect_url: `${options.baseUrl}/probot/setup`,
  };
}
