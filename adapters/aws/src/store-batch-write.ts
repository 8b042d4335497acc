import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { Throttled, type DocValue, type NewDoc } from '@kumo/core';
import { callDynamo } from './store-errors';

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
export async function batchPutItems(documents: DynamoDBDocumentClient, table: string, docs: readonly NewDoc[]): Promise<void> {
  const items = [...new Map(docs.map((doc) => [`${doc.partition}\u0000${doc.key}`, { pk: doc.partition, sk: doc.key, v: 1, doc: JSON.parse(JSON.stringify(doc.value)) as DocValue }])).values()];
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const chunk = items.slice(next, (next += BATCH_WRITE_ITEMS));
      let pending: Array<Record<string, unknown>> = chunk.map((Item) => ({ PutRequest: { Item } }));
      for (let round = 1; pending.length > 0; round++) {
        if (round > UNPROCESSED_ROUNDS) throw new Throttled('DynamoDB kept leaving items of a BatchWriteItem unprocessed', { items: pending.length });
        if (round > 1) await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(1_000, 25 * 2 ** round)));
        const { UnprocessedItems } = await callDynamo(() => documents.send(new BatchWriteCommand({ RequestItems: { [table]: pending } })));
        pending = UnprocessedItems?.[table] ?? [];
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(IN_FLIGHT, Math.ceil(items.length / BATCH_WRITE_ITEMS)) }, worker));
}
