import type { Container } from '@azure/cosmos';
import { decodeListingCursor, encodeListingCursor, listingRequest, type ListPartitionsOptions, type PartitionPage, type StoreCapabilities } from '@kumo/core';
import { cosmosCall } from './cosmos-errors';

/** Items one query page returns at most while the listing looks for partitions. */
const ITEMS_PER_QUERY = 1000;

/**
 * Lists the container's logical partitions (see the Store port's `listPartitions`): a
 * cross-partition query of the live items' partition keys after the last one returned, in
 * partition key order (`ORDER BY c.pk`, served by the default index), keeping each new key once.
 * Each page starts a fresh query from `c.pk > @after`, so the rest of a partition already
 * returned is never read again; the cursor is that last partition key. One segment only.
 */
export async function listCosmosPartitions(container: Container, now: number, options: ListPartitionsOptions, capabilities: StoreCapabilities): Promise<PartitionPage> {
  const { limit, cursor } = listingRequest(options, capabilities);
  let after = cursor === undefined ? undefined : decodeListingCursor(cursor, 1)[0];
  const partitions: string[] = [];
  for (;;) {
    const query = {
      query: `SELECT c.pk FROM c WHERE ${after === undefined ? '' : 'c.pk > @after AND '}(NOT IS_DEFINED(c.exp) OR c.exp > @now) ORDER BY c.pk ASC`,
      parameters: [
        { name: '@after', value: after ?? '' },
        { name: '@now', value: now },
      ],
    };
    const page = await cosmosCall('listPartitions', () => container.items.query<{ pk: string }>(query, { maxItemCount: ITEMS_PER_QUERY }).fetchNext());
    for (const { pk } of page.resources) {
      if (pk === after) continue;
      if (partitions.length === limit) return { partitions, cursor: encodeListingCursor([after!]) };
      partitions.push(pk);
      after = pk;
    }
    if (!page.continuationToken) return { partitions };
    if (partitions.length === limit) return { partitions, cursor: encodeListingCursor([after!]) };
  }
}
