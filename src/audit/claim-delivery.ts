import type { Queryable } from '../store/database.js';
import { AuditError } from './audit-error.js';

// GitHub sends a GUID; anything much longer or stranger is not a delivery id.
const DELIVERY_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * True the first time a webhook delivery (`X-GitHub-Delivery`) is seen, false on every
 * redelivery or replay, across all replicas: the primary key decides.
 */
export async function claimDelivery(
  db: Queryable,
  deliveryId: string,
  at: number = Date.now(),
): Promise<boolean> {
  if (!DELIVERY_ID.test(deliveryId))
    throw new AuditError(
      'delivery_id_invalid',
      'X-GitHub-Delivery must be 1 to 128 letters, digits or ._:-',
    );
  const { rows } = await db.query(
    'INSERT INTO webhook_deliveries (delivery_id, received_at) VALUES ($1, $2) ON CONFLICT (delivery_id) DO NOTHING RETURNING delivery_id',
    [deliveryId, new Date(at).toISOString()],
  );
  return rows.length === 1;
}

/**
 * Gives a claimed delivery back, so GitHub's redelivery of an event whose handling failed is
 * processed rather than dropped as a duplicate.
 */
export async function releaseDelivery(db: Queryable, deliveryId: string): Promise<void> {
  await db.query('DELETE FROM webhook_deliveries WHERE delivery_id = $1', [deliveryId]);
}
