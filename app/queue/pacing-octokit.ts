import { setTimeout as sleep } from 'node:timers/promises';
import type { Octokit } from '@octokit/core';
import type { WritePacer } from './write-pacer.js';

/**
 * Requests that create content and notify people, as GitHub's OpenAPI description marks them
 * (`x-github.triggersNotification`, the list @octokit/plugin-throttling generates from it): the
 * ones the 80-a-minute and 500-an-hour content-creation limits are about.
 */
const CREATING = [
  '/repos/{}/{}/issues',
  '/repos/{}/{}/issues/{}/comments',
  '/repos/{}/{}/issues/{}/sub_issue',
  '/repos/{}/{}/commits/{}/comments',
  '/repos/{}/{}/pulls',
  '/repos/{}/{}/pulls/{}/comments',
  '/repos/{}/{}/pulls/{}/comments/{}/replies',
  '/repos/{}/{}/pulls/{}/merge',
  '/repos/{}/{}/pulls/{}/requested_reviewers',
  '/repos/{}/{}/pulls/{}/reviews',
  '/repos/{}/{}/releases',
  '/repos/{}/{}/collaborators/{}',
  '/orgs/{}/invitations',
  '/orgs/{}/teams/{}/discussions',
  '/orgs/{}/teams/{}/discussions/{}/comments',
].map((path) => new RegExp(`^${path.replace(/\{\}/g, '[^/]+')}$`));

// Minting and revoking an installation's own token are not the installation's writes.
const TOKEN_PATHS = [/^\/app\/installations\/[^/]+\/access_tokens$/, /^\/installation\/token$/];

/** The REST path of a request, without origin, GitHub Enterprise's /api/v3 prefix or query. */
function restPath(url: string): string {
  return new URL(url, 'http://github.invalid').pathname.replace(/^\/api\/v3(?=\/)/, '');
}

/** Whether a request must be paced, and whether it creates content. */
export function classifyWrite(method: string, url: string): { paced: boolean; creating: boolean } {
  // Reads first, without parsing the URL: most requests are reads.
  if (method === 'GET' || method === 'HEAD') return { paced: false, creating: false };
  const path = restPath(url);
  if (TOKEN_PATHS.some((re) => re.test(path))) return { paced: false, creating: false };
  return { paced: true, creating: CREATING.some((re) => re.test(path)) };
}

/**
 * An Octokit plugin that paces every installation's writes through `pacer()` (the database's
 * shared schedule, so replicas pace together) instead of plugin-throttling's in-process queue,
 * which held every installation's issue creation three seconds apart in memory and lost it on a
 * crash. The pacer is looked up per request: the store opens after the Octokit class is made.
 */
export function pacingPlugin(pacer: () => WritePacer | undefined, clock: () => number = Date.now) {
  return (octokit: Octokit, options: { auth?: { installationId?: number | string } }) => {
    const installationId = Number(options.auth?.installationId);
    if (!Number.isSafeInteger(installationId) || installationId <= 0) return;
    octokit.hook.wrap('request', async (request, endpoint) => {
      const write = classifyWrite(String(endpoint.method), String(endpoint.url));
      const active = pacer();
      if (write.paced && active) {
        const slot = await active.reserve(installationId, write.creating);
        const wait = slot - clock();
        if (wait > 0) await sleep(wait);
      }
      return request(endpoint);
    });
  };
}
