import { BatchGetItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { Throttled, type DocAddress } from '@kumo/core';
import { callDynamo } from './store-errors';
import { keyOf, type Item } from './store-item';

/** Most keys one BatchGetItem may ask for. */
const BATCH_GET_KEYS = 100;
/** Rounds for keys DynamoDB leaves unprocessed (it does under throttling) before giving up. */
const UNPROCESSED_ROUNDS = 8;

const addressKey = (partition: string, key: string) => `${partition}\u0000${key}`;

/**
 * Reads items by address with strongly consistent BatchGetItem calls (100 keys each, in parallel),
 * asking again for the keys DynamoDB leaves unprocessed, with backoff. Returns the items found, by
 * `partition\0key`; an address asked twice is read once.
 */
export async function batchGetItems(client: DynamoDBClient, table: string, addresses: readonly DocAddress[]): Promise<Map<string, Item>> {
  const keys = [...new Map(addresses.map(({ partition, key }) => [addressKey(partition, key), keyOf(partition, key)])).values()];
  const found = new Map<string, Item>();
  const chunks = Array.from({ length: Math.ceil(keys.length / BATCH_GET_KEYS) }, (_, i) => keys.slice(i * BATCH_GET_KEYS, (i + 1) * BATCH_GET_KEYS));
  await Promise.all(
    chunks.map(async (chunk) => {
      let pending: Item[] = chunk;
      for (let round = 1; pending.length > 0; round++) {
        if (round > UNPROCESSED_ROUNDS) throw new Throttled('DynamoDB kept leaving keys of a BatchGetItem unprocessed', { keys: pending.length });
        if (round > 1) await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(1_000, 25 * 2 ** round)));
        const { Responses, UnprocessedKeys } = await callDynamo(() => client.send(new BatchGetItemCommand({ RequestItems: { [table]: { Keys: pending, ConsistentRead: true } } })));
        for (const item of Responses?.[table] ?? []) found.set(addressKey(item.pk!.S!, item.sk!.S!), item);
        pending = UnprocessedKeys?.[table]?.Keys ?? [];
      }
    }),
  );
  return found;
}

/** The item at an address in what `batchGetItems` returned. */
export function itemAt(found: Map<string, Item>, { partition, key }: DocAddress): Item | undefined {
  return found.get(addressKey(partition, key));
}
