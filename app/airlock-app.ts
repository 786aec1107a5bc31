import { createRemoteJWKSet } from 'jose';
import type { ApplicationFunction, Probot } from 'probot';
import { defaultOidcSettings } from '../src/sts/verify-oidc-token.js';
import type { AppSettings } from './app-settings.js';
import { handlePush } from './handlers/push-handler.js';
import { readRepoConfig } from './repo-config.js';
import { probotGateway } from './sts/github-gateway.js';
import { stsRoutes } from './sts/sts-routes.js';
import { memoryTokenLedger, type TokenLedger } from './sts/token-ledger.js';
import type { TokenServiceDeps } from './sts/token-service.js';

export interface AirlockAppOptions {
  settings: AppSettings;
  clock?: () => number;
  ledger?: TokenLedger;
}

/** The App: the broker's routes plus one handler module per webhook event family. */
export function airlockApp(options: AirlockAppOptions): ApplicationFunction {
  return (app: Probot, { addHandler }) => {
    const { settings } = options;
    const tokens: TokenServiceDeps = {
      oidc: defaultOidcSettings(settings.oidcIssuer, settings.audience),
      // Keys only from the pinned issuer; never discovered from a token.
      keys: createRemoteJWKSet(new URL(`${settings.oidcIssuer}/.well-known/jwks`)),
      github: probotGateway(app, settings.githubApiUrl),
      ledger: options.ledger ?? memoryTokenLedger(),
      clock: options.clock ?? Date.now,
      log: app.log,
    };
    let slug: Promise<string> | undefined;
    const appSlug = () =>
      (slug ??= app.auth().then(async (octokit) => (await octokit.request('GET /app')).data?.slug ?? ''));
    addHandler(stsRoutes(tokens));
    app.on('push', (context) => handlePush(context, { tokens, appSlug, config: readRepoConfig }));
  };
}
