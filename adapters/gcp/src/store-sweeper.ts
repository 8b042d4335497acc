import { Datastore, PropertyFilter, type Key } from '@google-cloud/datastore';
import { isExpired } from '@kumo/core';
import { DOC_KIND } from './datastore-keys';
import { GRPC, grpcCode, retryThrottled } from './grpc-errors';

/** Most expired documents one sweep looks at. */
export const SWEEP_BATCH = 500;
/** Keys deleted per transaction: legacy Datastore (and its emulator) allows 25 entity groups in one. */
const KEYS_PER_TRANSACTION = 25;

/**
 * The Datastore store's sweeper: Datastore has no TTL, so expired documents (their indexed
 * integer `exp`, epoch ms) are found by a keys-only query `exp <= now` over the namespace and
 * deleted in transactions that read them again and delete only those still expired (a document
 * re-created in between, without an expiry or with a later one, stays). A transaction that
 * aborts on contention is skipped: the next sweep finds its documents again. Returns how many
 * documents it deleted.
 */
export async function sweepExpired(datastore: Datastore, now: number): Promise<number> {
  const query = datastore.createQuery(DOC_KIND).filter(new PropertyFilter('exp', '<=', now)).select('__key__').limit(SWEEP_BATCH);
  const [entities] = await retryThrottled(() => datastore.runQuery(query));
  const keys = entities.map((entity) => (entity as Record<symbol, Key>)[Datastore.KEY]!);
  let removed = 0;
  for (let start = 0; start < keys.length; start += KEYS_PER_TRANSACTION) {
    removed += await deleteStillExpired(datastore, keys.slice(start, start + KEYS_PER_TRANSACTION), now);
  }
  return removed;
}

async function deleteStillExpired(datastore: Datastore, keys: Key[], now: number): Promise<number> {
  const transaction = datastore.transaction();
  await transaction.run();
  try {
    const [entities] = await transaction.get(keys);
    const expired = (entities as Array<{ exp?: number }>).filter((entity) => isExpired(entity.exp, now)).map((entity) => (entity as Record<symbol, Key>)[Datastore.KEY]!);
    if (expired.length > 0) transaction.delete(expired);
    await transaction.commit();
    return expired.length;
  } catch (error) {
    await transaction.rollback().catch(() => undefined);
    if (grpcCode(error) === GRPC.ABORTED) return 0;
    throw error;
  }
}
