import { execFileSync } from 'node:child_process';
import { networkInterfaces } from 'node:os';

/**
 * A local address that is not loopback, for the world's HTTPS listener in tests of a sandboxed
 * agent: Go clients (`gh`) never send a loopback destination through HTTPS_PROXY, so a world on
 * 127.0.0.1 would be unreachable for them through Airlock's egress proxy. 198.18.0.0/15 is the
 * benchmarking range (RFC 2544), never routed on the internet.
 */
export const ROUTABLE_TEST_ADDRESS = '198.18.0.1';

const present = () => Object.values(networkInterfaces()).some((list) => list?.some((a) => a.address === ROUTABLE_TEST_ADDRESS));

/** Adds the address to `lo` when it is missing (CI runs as root); fails with the fix otherwise. */
export function ensureRoutableTestAddress(): string {
  if (present()) return ROUTABLE_TEST_ADDRESS;
  try {
    execFileSync('ip', ['addr', 'add', `${ROUTABLE_TEST_ADDRESS}/32`, 'dev', 'lo'], { stdio: 'pipe' });
  } catch (error) {
    if (!present()) throw new Error(`this suite needs the local address ${ROUTABLE_TEST_ADDRESS} on lo and could not add it (${(error as Error).message.split('\n')[0]}); run: sudo ip addr add ${ROUTABLE_TEST_ADDRESS}/32 dev lo`, { cause: error });
  }
  return ROUTABLE_TEST_ADDRESS;
}
