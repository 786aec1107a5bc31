/** A delivery attempt as `GET /app/hook/deliveries` lists it (the fields the reconciler reads). */
export interface HookDeliveryItem {
  id: number;
  guid: string;
  delivered_at: string;
  redelivery: boolean;
  status_code: number;
}

export interface RedeliveryPlan {
  /** Attempt ids to redeliver, one per missing GUID (its latest attempt). */
  redeliver: number[];
  /** GUIDs GitHub sent (in the window) that the queue does not hold, or holds dead-lettered. */
  missing: string[];
}

/**
 * Which deliveries to ask GitHub for again: every GUID not in `stored` (never stored, or
 * dead-lettered: see WebhookQueue.stored), unless its
 * latest attempt is younger than `graceMs` (it may still be on its way, or being answered) or
 * this replica asked for it less than `reaskMs` ago. At most `limit` per run.
 */
export function planRedeliveries(input: {
  deliveries: readonly HookDeliveryItem[];
  stored: ReadonlySet<string>;
  asked: ReadonlyMap<string, number>;
  now: number;
  since: number;
  graceMs: number;
  reaskMs: number;
  limit: number;
}): RedeliveryPlan {
  const latest = new Map<string, HookDeliveryItem>();
  for (const d of input.deliveries) {
    const at = Date.parse(d.delivered_at);
    if (!(at >= input.since)) continue;
    const seen = latest.get(d.guid);
    if (!seen || at > Date.parse(seen.delivered_at) || (at === Date.parse(seen.delivered_at) && d.id > seen.id)) latest.set(d.guid, d);
  }
  const missing = [...latest.keys()].filter((guid) => !input.stored.has(guid));
  const redeliver: number[] = [];
  for (const guid of missing) {
    const last = latest.get(guid)!;
    if (input.now - Date.parse(last.delivered_at) < input.graceMs) continue;
    if (input.now - (input.asked.get(guid) ?? -Infinity) < input.reaskMs) continue;
    if (redeliver.length >= input.limit) break;
    redeliver.push(last.id);
  }
  return { redeliver, missing };
}
