import type { Context } from 'probot';
import type { AppStore } from './app-store.js';

/**
 * Runs a webhook handler once per delivery across all replicas (`X-GitHub-Delivery`, claimed
 * after Probot verified the signature, so unsigned requests cannot burn delivery ids). If the
 * handler fails, the claim is given back and the error rethrown: GitHub sees the failure and a
 * redelivery is handled, so no event is lost.
 */
export async function runOncePerDelivery(
  store: Pick<AppStore, 'claimDelivery' | 'releaseDelivery'>,
  context: Pick<Context, 'id' | 'log'>,
  handler: () => Promise<void>,
): Promise<void> {
  if (!(await store.claimDelivery(context.id))) {
    context.log.info({ delivery: context.id }, 'duplicate delivery ignored');
    return;
  }
  try {
    await handler();
  } catch (error) {
    await store.releaseDelivery(context.id);
    throw error;
  }
}
