// What the bundle gives @actions/http-client for its `import { ProxyAgent } from 'undici'`
// (scripts/build.js): the same class, with undici evaluated when the first ProxyAgent is built
// instead of when the Action starts. @actions/core imports http-client for its OIDC client, which
// requests tokens through node:http; only http-client's getAgentDispatcher builds a ProxyAgent, and
// the Action never calls it. esbuild bundles this `require` as undici's lazily run module wrapper.
// https://github.com/actions/toolkit/blob/main/packages/http-client/src/index.ts
/* global require -- esbuild resolves it at bundle time; the bundle's banner defines it at run time */
let undici;

export class ProxyAgent {
  constructor(...args) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a synchronous, bundled, on-demand load (see above)
    undici ??= require('undici');
    return new undici.ProxyAgent(...args);
  }
}
