import { ENGINE, testImage } from './container-fixtures.js';
import { underTest } from './sandbox-fixtures.js';

/*
 * The leak suite (sandbox-leak.test.ts: environment, /proc, runner files, host sockets, direct
 * network, DNS, cloud metadata, engine sockets, setuid, nested namespaces, the keyring…) run
 * unchanged against the container backend: the agent in a locally built image under Podman. Every
 * technique must work as a channel and leak no canary. Mandatory in CI (.ci/run installs podman).
 */
underTest.backend = 'container';
underTest.container = { image: await testImage(), engine: ENGINE };
await import('./sandbox-leak.test.js');
