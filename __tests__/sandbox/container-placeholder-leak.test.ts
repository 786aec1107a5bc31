import { ENGINE, testImage } from './container-fixtures.js';
import { underTest } from './sandbox-fixtures.js';

/*
 * The placeholder leak suite (placeholder-leak.test.ts: encodings, reflection, policy-denied
 * targets, host confusion through the proxy that resolves placeholders) against the container
 * backend: the image's curl trusts the run's CA through the same trust stores as in bubblewrap.
 */
underTest.backend = 'container';
underTest.container = { image: await testImage(), engine: ENGINE };
await import('./placeholder-leak.test.js');
