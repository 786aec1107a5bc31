import { pino, type Logger } from 'pino';
import type { AirlockAppOptions } from '../../app/airlock-app.js';
import { startApp, type RunningApp } from '../../app/start-app.js';
import { startWorld, type World } from '../world/start-world.js';

export interface Stack {
  world: World;
  app: RunningApp;
  /** Runner variables for a job of acme/widgets whose OIDC token comes from the world's issuer. */
  jobEnv(claims?: Record<string, string>): Record<string, string>;
  close(): Promise<void>;
}

/** The local world with the App installed and receiving its webhooks. */
export async function startStack(options: { log?: Logger; clock?: () => number; app?: Partial<AirlockAppOptions> } = {}): Promise<Stack> {
  const world = await startWorld({ clock: options.clock });
  const app = await startApp({
    settings: {
      appId: world.state.app.id,
      privateKey: world.state.app.privateKeyPem,
      webhookSecret: world.state.app.webhookSecret,
      githubApiUrl: world.githubApiUrl,
      oidcIssuer: world.oidc.issuer,
      audience: 'airlock',
      port: 0,
      host: '127.0.0.1',
    },
    clock: options.clock,
    log: options.log ?? pino({ level: 'silent' }),
    ...options.app,
  });
  world.webhookUrl = `${app.url}/api/github/webhooks`;
  return {
    world,
    app,
    jobEnv(claims = {}) {
      const job = world.oidc.registerJob(claims);
      return {
        GITHUB_API_URL: world.githubApiUrl,
        GITHUB_SERVER_URL: world.state.serverUrl,
        GITHUB_REPOSITORY: 'acme/widgets',
        GITHUB_RUN_ID: String(claims.run_id ?? '7000001'),
        ACTIONS_ID_TOKEN_REQUEST_URL: job.requestUrl,
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: job.requestToken,
      };
    },
    async close() {
      await app.close();
      await world.close();
    },
  };
}
