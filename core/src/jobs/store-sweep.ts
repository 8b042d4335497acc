import type { Store } from '../ports/store';

/** Queue of the store sweep: a deployment whose store has a sweeper sends `{}` here on a schedule. */
export const STORE_SWEEP_QUEUE = 'kumo-store-sweep';

/** Most sweeper batches one sweep job runs, so that one invocation stays short. */
export const MAX_SWEEP_BATCHES = 20;

/**
 * Runs the store's sweeper (`Store.sweepExpired`) until a batch removes nothing, at most
 * `MAX_SWEEP_BATCHES` batches; the next scheduled job goes on from there. Returns how many
 * documents it removed; 0 on a store whose backend removes expired documents itself.
 */
export async function sweepStore(store: Store): Promise<number> {
  if (!store.sweepExpired) return 0;
  let total = 0;
  for (let batch = 0; batch < MAX_SWEEP_BATCHES; batch++) {
    const removed = await store.sweepExpired();
    total += removed;
    if (removed === 0) break;
  }
  return total;
}
