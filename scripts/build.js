// The one build: esbuild bundles the Action's main and post steps (self-contained, the runner
// has no node_modules) and the App/CLI. ESM output needs a `require` for bundled CommonJS.
// Code splitting: what a step reaches only through `import()` (sigstore-js for signing, say) goes
// into its own file under dist/chunks and is read only when used, so the Action starts on what
// every run needs (https://esbuild.github.io/api/#splitting).
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

// @actions/core's OIDC client imports @actions/http-client, which imports undici (~790 KB) at its
// top for one class the Action never builds: it gets a stand-in (undici-on-demand.js), so the
// Action's start neither reads nor evaluates undici. Everything else that imports undici gets undici itself.
const undiciOnDemand = {
  name: 'undici-on-demand',
  setup(b) {
    b.onResolve({ filter: /^undici$/ }, (args) => (/[\\/]@actions[\\/]http-client[\\/]/.test(args.importer) ? { path: fileURLToPath(new URL('./undici-on-demand.js', import.meta.url)) } : undefined));
  },
};

// Chunk names carry content hashes: start clean so no stale chunk is left behind to commit.
rmSync('dist', { recursive: true, force: true });

await build({
  // scan-worker: the worker thread `airlock scan` runs beside cli.js (src/cli/scan-pool.ts).
  entryPoints: { main: 'src/main.ts', post: 'src/post.ts', cli: 'src/cli/index.ts', 'scan-worker': 'src/cli/scan-worker.ts' },
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  sourcemap: false,
  legalComments: 'none',
  logLevel: 'warning',
  plugins: [undiciOnDemand],
  // Loaded from node_modules at run time: native/wasm assets and the large test-world data.
  external: ['@electric-sql/pglite', '@octokit/openapi', '@octokit/webhooks-examples', '@sigstore/mock', 'pg-native'],
  banner: {
    js: "import { createRequire as __airlockCreateRequire } from 'node:module'; const require = __airlockCreateRequire(import.meta.url);",
  },
});
