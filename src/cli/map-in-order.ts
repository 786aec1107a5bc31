type Settled<R> = { ok: true; value: R } | { ok: false; error: unknown };

/**
 * Runs `work` on every item with at most `limit` running at once, and hands each result to
 * `take` in the items' order, as a sequential loop would. The first item (in order) whose work
 * fails stops it: no further item starts, the ones running are awaited, and that error is thrown.
 */
export async function mapInOrder<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>, take: (result: R, index: number) => void): Promise<void> {
  const running: Promise<Settled<R>>[] = [];
  let next = 0;
  for (let index = 0; index < items.length; index++) {
    while (next < items.length && running.length < limit) {
      const item = items[next++]!;
      running.push((async () => work(item))().then((value) => ({ ok: true as const, value }), (error: unknown) => ({ ok: false as const, error })));
    }
    const settled = await running.shift()!;
    if (!settled.ok) {
      await Promise.all(running);
      throw settled.error;
    }
    take(settled.value, index);
  }
}
