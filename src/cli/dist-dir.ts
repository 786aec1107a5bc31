import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * `dist/` at the package root, where the build puts `main.js`, `post.js` and `cli.js`. Found by
 * walking up from this module: it runs from `src/cli`, and bundled from `dist/` or `dist/chunks/`
 * (scripts/build.js splits code into chunks), so its own directory is not a fixed distance away.
 */
export function distDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the Airlock package root (the directory with package.json and dist/)');
    dir = parent;
  }
  return join(dir, 'dist');
}
