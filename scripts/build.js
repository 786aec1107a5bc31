// The one build: esbuild bundles the Action's main and post steps (self-contained, the runner
// has no node_modules) and the App/CLI. ESM output needs a `require` for bundled CommonJS.
import { build } from 'esbuild';

await build({
  entryPoints: { main: 'src/main.ts', post: 'src/post.ts', cli: 'src/cli/index.ts' },
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  sourcemap: false,
  legalComments: 'none',
  logLevel: 'warning',
  // Loaded from node_modules at run time: native/wasm assets and the large test-world data.
  external: ['@electric-sql/pglite', '@octokit/openapi', '@octokit/webhooks-examples', '@sigstore/mock', 'pg-native'],
  banner: {
    js: "import { createRequire as __airlockCreateRequire } from 'node:module'; const require = __airlockCreateRequire(import.meta.url);",
  },
});
