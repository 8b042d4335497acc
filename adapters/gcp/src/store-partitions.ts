import { Datastore, PropertyFilter, type Key } from '@google-cloud/datastore';
import { decodeListingCursor, encodeListingCursor, listingRequest, type ListPartitionsOptions, type PartitionPage, type StoreCapabilities } from '@kumo/core';
import { DOC_KIND, keyName, PARTITION_KIND, rawKey } from './datastore-keys';
import { readWithRetry } from './grpc-errors';

/** Document keys one query reads at most while it looks for partitions. */
const KEYS_PER_QUERY = 1000;

/** Where a listing stopped: the last document looked at (partition, key) and the partition returned last. */
type Position = [partition: string, key: string, last: string];

/**
 * Lists the namespace's partitions (see the Store port's `listPartitions`): a keys-only query over
 * the document kind in key order, where a partition's documents sit together under its ancestor
 * key, returning each new ancestor once. The cursor is the last document key looked at; the next
 * page resumes with `__key__ >` it (the built-in key index, no composite index). Documents are not
 * read, so a partition whose documents have all expired is listed until the sweeper removes them
 * (the contract allows it). One segment only.
 */
export async function listDatastorePartitions(datastore: Datastore, options: ListPartitionsOptions, capabilities: StoreCapabilities): Promise<PartitionPage> {
  const { limit, cursor } = listingRequest(options, capabilities);
  let position = cursor === undefined ? undefined : (decodeListingCursor(cursor, 3) as Position);
  let last = position?.[2];
  const partitions: string[] = [];
  for (;;) {
    let query = datastore.createQuery(DOC_KIND).select('__key__').order('__key__').limit(KEYS_PER_QUERY);
    if (position) query = query.filter(new PropertyFilter('__key__', '>', datastore.key([PARTITION_KIND, keyName(position[0]), DOC_KIND, keyName(position[1])])));
    const [entities] = await readWithRetry(() => datastore.runQuery(query));
    for (const entity of entities) {
      const key = (entity as Record<symbol, Key>)[Datastore.KEY]!;
      const partition = rawKey(key.parent!.name!);
      if (partition !== last) {
        if (partitions.length === limit) return { partitions, cursor: encodeListingCursor(position!) };
        partitions.push(partition);
        last = partition;
      }
      position = [partition, rawKey(key.name!), last];
    }
    if (entities.length < KEYS_PER_QUERY) return { partitions };
    if (partitions.length === limit) return { partitions, cursor: encodeListingCursor(position!) };
  }
}
