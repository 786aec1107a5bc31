import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { createNodeMiddleware, createProbot, ProbotOctokit, type ApplicationFunction, type Probot } from 'probot';

export interface ProbotIdentity {
  appId: number;
  privateKey: string;
  webhookSecret: string;
  githubApiUrl: string;
}

export interface ServedApp {
  url: string;
  close(): Promise<void>;
}

/**
 * Serves a Probot app the way app/start-app.ts serves the App (createProbot with the same
 * overrides, createNodeMiddleware, webhooks at /api/github/webhooks). With `throttle: false` its
 * Octokit skips plugin-throttling, which otherwise spaces every installation's writes a second
 * apart and so caps any app at one check run per second, hiding the app's own cost.
 */
export async function serveProbotApp(appFn: ApplicationFunction, options: ProbotIdentity & { log: Logger; throttle: boolean; Octokit?: typeof ProbotOctokit }): Promise<ServedApp> {
  const Octokit = options.Octokit
    ? options.Octokit
    : options.throttle
    ? ProbotOctokit
    : ProbotOctokit.defaults((octokitOptions: ConstructorParameters<typeof ProbotOctokit>[0] = {}) => ({ ...octokitOptions, throttle: { ...octokitOptions.throttle, enabled: false } }));
  const probot = createProbot({
    overrides: { Octokit, appId: options.appId, privateKey: options.privateKey, secret: options.webhookSecret, baseUrl: options.githubApiUrl, log: options.log },
  });
  const middleware = await createNodeMiddleware(appFn, { probot, webhooksPath: '/api/github/webhooks' });
  const server = createServer((req, res) => {
    void middleware(req, res, () => res.writeHead(404).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * The baseline for `bench webhooks`: nothing but creating the `Airlock` check run on the pull
 * request's head commit, so the difference to the App is the App's own work (delivery claim,
 * config, GitHub reads, secret scan, policy, audit append).
 */
export const bareApp: ApplicationFunction = (app: Probot) => {
  app.on(['pull_request.opened', 'pull_request.synchronize'], async (context) => {
    await context.octokit.request('POST /repos/{owner}/{repo}/check-runs', {
      ...context.repo(),
      name: 'Airlock',
      head_sha: context.payload.pull_request.head.sha,
      status: 'completed',
      conclusion: 'failure',
      output: { title: 'Airlock', summary: 'Created by the bare Probot baseline.' },
    });
  });
};
