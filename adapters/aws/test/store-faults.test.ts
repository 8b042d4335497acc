import { afterEach, describe, expect, inject, it } from 'vitest';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { unique } from '@kumo/conformance';
import { transact, type Store } from '@kumo/core';
import { createTable, DynamoStore } from '../src/index';
import { LOCAL_AWS, loseResponses, type LostResponses } from '../testing';

/** Uses one item of stock and adds it to the bag; with `bag` false the batch is a single PutItem. */
const consume = (store: Store, p: string, bag: boolean) =>
  transact(store, async (tx) => {
    const stock = (await tx.get<{ n: number }>(p, 'stock'))!.value.n;
    tx.put(p, 'stock', { n: stock - 1 });
    if (bag) tx.put(p, 'bag', { n: ((await tx.get<{ n: number }>(p, 'bag'))?.value.n ?? 0) + 1 });
  });

describe('DynamoStore settles a commit whose response was lost (DynamoDB Local, responses dropped at the HTTP layer)', () => {
  const clients: DynamoDBClient[] = [];
  afterEach(() => clients.splice(0).forEach((client) => client.destroy()));

  /** A store on a fresh table whose client loses responses as told; `p/stock` holds 5. */
  const setUp = async (lost: LostResponses) => {
    const client = new DynamoDBClient({ ...LOCAL_AWS, endpoint: inject('dynamoEndpoint') });
    clients.push(client);
    const tableName = unique('kumo-lost');
    await createTable(client, tableName);
    const store = new DynamoStore({ client, tableName });
    const p = unique('player');
    await store.commit([{ type: 'put', partition: p, key: 'stock', version: null, value: { n: 5 } }]);
    return { store, p, dropped: loseResponses(client, lost) };
  };

  it('applies a single-operation consume once when the PutItem response is lost and the SDK retries it', async () => {
    const { store, p, dropped } = await setUp({ command: 'PutItemCommand', as: 'timeout' });
    await consume(store, p, false);
    expect(dropped()).toBe(1);
    expect(await store.get(p, 'stock')).toMatchObject({ version: 2, value: { n: 4 } });
  });

  it('applies a transaction once when its response is lost and the SDK resends it with the same token', async () => {
    const { store, p, dropped } = await setUp({ command: 'TransactWriteItemsCommand', as: 'timeout' });
    await consume(store, p, true);
    expect(dropped()).toBe(1);
    expect(await store.get(p, 'stock')).toMatchObject({ version: 2, value: { n: 4 } });
    expect(await store.get(p, 'bag')).toMatchObject({ version: 1, value: { n: 1 } });
  });

  it('applies a transaction once when TransactionInProgress outlasts every retry', async () => {
    const { store, p, dropped } = await setUp({ command: 'TransactWriteItemsCommand', as: 'inProgress' });
    await consume(store, p, true);
    expect(dropped()).toBeGreaterThanOrEqual(5);
    expect(await store.get(p, 'stock')).toMatchObject({ version: 2, value: { n: 4 } });
    expect(await store.get(p, 'bag')).toMatchObject({ version: 1, value: { n: 1 } });
  });
});
