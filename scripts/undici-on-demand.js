// What the bundle gives @actions/http-client for its `import { ProxyAgent } from 'undici'`
// (scripts/build.js): a stand-in that is never built. @actions/core imports http-client for its
// OIDC client, which requests tokens through node:http; only http-client's getAgentDispatcher
// builds a ProxyAgent, and the Action never calls it. Not bundling undici here keeps its ~790 KB
// out of the files the Action's main step reads and compiles at start: the Action's own fetch
// with a proxy or a CA imports undici when first used (src/action/runner-network.ts).
// https://github.com/actions/toolkit/blob/main/packages/http-client/src/index.ts
export class ProxyAgent {
  constructor() {
    throw new Error("@actions/http-client's getAgentDispatcher is not available in the Airlock Action's bundle (scripts/undici-on-demand.js): the Action's calls go through src/action/runner-network.ts");
  }
}
