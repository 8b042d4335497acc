import { BatchWriteItemCommand, type DynamoDBClient, type WriteRequest } from '@aws-sdk/client-dynamodb';
import { Throttled, type NewDoc } from '@kumo/core';
import { callDynamo } from './store-errors';
import { putItemOf } from './store-item';

/** Most items one BatchWriteItem may write. */
const BATCH_WRITE_ITEMS = 25;
/** BatchWriteItem calls one `putMany` keeps in flight. */
const IN_FLIGHT = 8;
/** Rounds for items DynamoDB leaves unprocessed (it does under throttling) before giving up. */
const UNPROCESSED_ROUNDS = 8;

/**
 * Puts documents as new items (version 1, no condition, no expiry, no commit trail) with
 * BatchWriteItem calls of 25 items, `IN_FLIGHT` at once, writing again the items DynamoDB leaves
 * unprocessed, with backoff. A document listed twice is written once, the last listing.
 */
export async function batchPutItems(client: DynamoDBClient, table: string, docs: readonly NewDoc[]): Promise<void> {
  const items = [...new Map(docs.map((doc) => [`${doc.partition}\u0000${doc.key}`, putItemOf({ type: 'put', partition: doc.partition, key: doc.key, value: doc.value, version: null })])).values()];
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const chunk = items.slice(next, (next += BATCH_WRITE_ITEMS));
      let pending: WriteRequest[] = chunk.map((Item) => ({ PutRequest: { Item } }));
      for (let round = 1; pending.length > 0; round++) {
        if (round > UNPROCESSED_ROUNDS) throw new Throttled('DynamoDB kept leaving items of a BatchWriteItem unprocessed', { items: pending.length });
        if (round > 1) await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(1_000, 25 * 2 ** round)));
        const { UnprocessedItems } = await callDynamo(() => client.send(new BatchWriteItemCommand({ RequestItems: { [table]: pending } })));
        pending = UnprocessedItems?.[table] ?? [];
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(IN_FLIGHT, Math.ceil(items.length / BATCH_WRITE_ITEMS)) }, worker));
}
