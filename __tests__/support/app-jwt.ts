import { createPrivateKey } from 'node:crypto';
import { SignJWT } from 'jose';
import type { World } from '../../src/world/start-world.js';

/** A GitHub App JWT for the world's App, as Octokit's app auth makes it. */
export async function appJwt(world: World): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ iss: String(world.state.app.id) })
    .setProtectedHeader({ alg: 'RS256' })
    .setIssuedAt(now - 30)
    .setExpirationTime(now + 540)
    .sign(createPrivateKey(world.state.app.privateKeyPem));
}

/** Mints an installation token straight from the world (not through the broker). */
export async function mintInstallationToken(world: World, body: Record<string, unknown>): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${world.githubApiUrl}/app/installations/31337/access_tokens`, {
    method: 'POST',
    headers: { authorization: `Bearer ${await appJwt(world)}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}
