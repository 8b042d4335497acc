import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DynamoDBClient, GetItemCommand, PutItemCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { unique } from '@kumo/conformance';
import { transact } from '@kumo/core';
import { createTable, DynamoStore } from '../src/index';
import { LOCAL_AWS } from '../testing';

/** An item as versions of the store before JSON text wrote it: the value as the map `doc`, the commit trail as a list. */
const mapItem = (p: string, key: string): Record<string, AttributeValue> => ({
  pk: { S: p },
  sk: { S: key },
  v: { N: '3' },
  doc: { M: { name: { S: 'x' }, n: { N: '2' }, nested: { M: { list: { L: [{ N: '1.5' }, { NULL: true }, { S: 'ä' }] }, empty: { M: {} } } } } },
  c: { L: [{ S: 'commit-3' }, { S: 'commit-2' }] },
});
const value = { name: 'x', n: 2, nested: { list: [1.5, null, 'ä'], empty: {} } };

describe('DynamoStore item format', () => {
  const client = new DynamoDBClient({ ...LOCAL_AWS, endpoint: inject('dynamoEndpoint') });
  const tableName = unique('kumo-format');
  let store: DynamoStore;
  const raw = async (p: string, key: string) => (await client.send(new GetItemCommand({ TableName: tableName, Key: { pk: { S: p }, sk: { S: key } }, ConsistentRead: true }))).Item!;
  beforeAll(async () => {
    await createTable(client, tableName);
    store = new DynamoStore({ client, tableName });
  });
  afterAll(() => client.destroy());

  it('writes the value as JSON text in `j` and the commit trail as one string of ids', async () => {
    const p = unique('format');
    await store.commit([{ type: 'put', partition: p, key: 'k', version: null, value, commits: ['c2', 'c1'] }]);
    const item = await raw(p, 'k');
    expect(item).toMatchObject({ v: { N: '1' }, j: { S: JSON.stringify(value) }, c: { S: 'c2 c1' } });
    expect(item.doc).toBeUndefined();
    expect(await store.get(p, 'k')).toEqual({ partition: p, key: 'k', version: 1, value, commits: ['c2', 'c1'] });
  });

  it('keeps commit ids that cannot be joined by spaces as a list', async () => {
    const p = unique('format-ids');
    await store.commit([{ type: 'put', partition: p, key: 'k', version: null, value: {}, commits: ['a b', 'c'] }]);
    expect((await raw(p, 'k')).c).toEqual({ L: [{ S: 'a b' }, { S: 'c' }] });
    expect((await store.get(p, 'k'))?.commits).toEqual(['a b', 'c']);
  });

  it('reads items written as a map with a listed trail, by get, getMany and query', async () => {
    const p = unique('format-old');
    await client.send(new PutItemCommand({ TableName: tableName, Item: mapItem(p, 'k') }));
    const expected = { partition: p, key: 'k', version: 3, value, commits: ['commit-3', 'commit-2'] };
    expect(await store.get(p, 'k')).toEqual(expected);
    expect(await store.getMany([{ partition: p, key: 'k' }])).toEqual([expected]);
    expect((await store.query(p)).items).toEqual([expected]);
  });

  it('writes over an item written as a map, keeping its trail, and settles a resent commit from its listed trail', async () => {
    const p = unique('format-over');
    await client.send(new PutItemCommand({ TableName: tableName, Item: mapItem(p, 'k') }));
    await transact(store, async (tx) => {
      const doc = await tx.get<typeof value>(p, 'k');
      tx.put(p, 'k', { ...doc!.value, n: doc!.value.n + 1 });
    });
    const written = await store.get(p, 'k');
    expect(written).toMatchObject({ version: 4, value: { ...value, n: 3 } });
    expect(written?.commits?.slice(1)).toEqual(['commit-3', 'commit-2']);
    expect((await raw(p, 'k')).j).toBeDefined();

    const q = unique('format-settle');
    await client.send(new PutItemCommand({ TableName: tableName, Item: mapItem(q, 'k') }));
    await expect(store.commit([{ type: 'put', partition: q, key: 'k', version: 2, value: {}, commits: ['commit-3', 'commit-2'] }])).resolves.toBeUndefined();
    expect(await store.get(q, 'k')).toMatchObject({ version: 3, value });
  });

  it('increments a field of an item written as a map, and of one written as JSON text (rewritten as a map)', async () => {
    const p = unique('format-inc');
    await client.send(new PutItemCommand({ TableName: tableName, Item: mapItem(p, 'k') }));
    expect(await store.increment(p, 'k', 'n', 5)).toBe(7);
    expect(await store.get(p, 'k')).toMatchObject({ version: 4, value: { ...value, n: 7 }, commits: ['commit-3', 'commit-2'] });

    await store.commit([{ type: 'put', partition: p, key: 'j', version: null, value, commits: ['c1'] }]);
    expect(await store.increment(p, 'j', 'n', 1)).toBe(3);
    expect(await store.get(p, 'j')).toEqual({ partition: p, key: 'j', version: 2, value: { ...value, n: 3 }, commits: ['c1'] });
    expect((await raw(p, 'j')).doc).toBeDefined();
  });
});
