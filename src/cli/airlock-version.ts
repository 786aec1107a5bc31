// esbuild inlines an imported JSON file into the bundle (https://esbuild.github.io/content-types/#json),
// so dist/cli.js reports the version of the package.json it was built from, and so do the sources.
import packageJson from '../../package.json' with { type: 'json' };

/** The version `airlock --version` prints and SARIF names as the scanner's. */
export const AIRLOCK_VERSION: string = packageJson.version;
