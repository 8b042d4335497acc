import { ScanCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { decodeListingCursor, encodeListingCursor, listingRequest, type ListPartitionsOptions, type PartitionPage, type StoreCapabilities } from '@kumo/core';
import { callDynamo } from './store-errors';
import { keyOf, numberValue } from './store-item';
import { LIVE_FILTER } from './store-ttl';

/** An item's key. */
interface ItemKey {
  pk: string;
  sk: string;
}

/** Where a segment's scan stopped: the key of the last item looked at, and the partition returned last. */
interface ScanPosition {
  start: ItemKey;
  last: string;
}

/** Items one Scan call reads at most while it looks for partitions. */
const SCAN_PAGE_ITEMS = 1000;

/**
 * Lists the table's partitions (see the Store port's `listPartitions`) with a parallel Scan:
 * the listing's segments are DynamoDB's Scan segments, which split the table by partition key, so
 * a partition's items all fall in one segment and come back one after another. The Scan reads keys
 * only (`pk`, `sk`, `exp`), filters expired items out with the queries' `LIVE_FILTER`, and skips
 * the rest of a partition already returned; the cursor is the key of the last item looked at, from
 * which the next page resumes as the Scan's `ExclusiveStartKey`. Strongly consistent reads.
 * Throttling is retried by `callDynamo`, then `Throttled`.
 */
export async function scanPartitions(
  client: DynamoDBClient,
  table: string,
  now: number,
  options: ListPartitionsOptions,
  capabilities: StoreCapabilities,
): Promise<PartitionPage> {
  const { segment, segments, limit, cursor } = listingRequest(options, capabilities);
  let { start, last } = cursor === undefined ? ({} as Partial<ScanPosition>) : positionOf(decodeListingCursor(cursor, 3));
  const partitions: string[] = [];
  for (;;) {
    const { Items = [], LastEvaluatedKey } = await callDynamo(() =>
      client.send(
        new ScanCommand({
          TableName: table,
          Segment: segment,
          TotalSegments: segments,
          ConsistentRead: true,
          ProjectionExpression: 'pk, sk',
          FilterExpression: LIVE_FILTER,
          ExpressionAttributeValues: { ':now': numberValue(now) },
          Limit: SCAN_PAGE_ITEMS,
          ExclusiveStartKey: start && keyOf(start.pk, start.sk),
        }),
      ),
    );
    for (const { pk, sk } of Items.map((item) => ({ pk: item.pk!.S!, sk: item.sk!.S! }))) {
      if (pk !== last) {
        if (partitions.length === limit) return { partitions, cursor: encodeListingCursor([start!.pk, start!.sk, last!]) };
        partitions.push(pk);
        last = pk;
      }
      start = { pk, sk };
    }
    if (!LastEvaluatedKey) return { partitions };
    start = { pk: LastEvaluatedKey.pk!.S!, sk: LastEvaluatedKey.sk!.S! };
    if (partitions.length === limit) return { partitions, cursor: encodeListingCursor([start.pk, start.sk, last!]) };
  }
}

function positionOf([pk, sk, last]: string[]): ScanPosition {
  return { start: { pk: pk!, sk: sk! }, last: last! };
}
