import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { unique } from '@kumo/conformance';
import { InvalidCursor, Unsupported } from '@kumo/core';
import { createTable, DynamoStore } from '../src/index';
import { LOCAL_AWS } from '../testing';

describe('DynamoStore beyond the port contract', () => {
  const client = new DynamoDBClient({ ...LOCAL_AWS, endpoint: inject('dynamoEndpoint') });
  let store: DynamoStore;
  beforeAll(async () => {
    const tableName = unique('kumo-limits');
    await createTable(client, tableName);
    store = new DynamoStore({ client, tableName });
  });
  afterAll(() => client.destroy());

  it('refuses an empty partition or key with Unsupported, since DynamoDB keys cannot be empty', async () => {
    await expect(store.get('', 'k')).rejects.toBeInstanceOf(Unsupported);
    await expect(store.commit([{ type: 'put', partition: 'p', key: '', version: null, value: {} }])).rejects.toBeInstanceOf(Unsupported);
  });

  it('refuses a cursor it did not make with InvalidCursor', async () => {
    await expect(store.query(unique('p'), { cursor: '%%%' })).rejects.toBeInstanceOf(InvalidCursor);
  });

  it('keeps JSON values exactly: empty maps and lists, nulls, unicode, numbers', async () => {
    const p = unique('json');
    const value = { empty: {}, list: [], nested: [{}, null, 'ä', -1.5, 0], big: Number.MAX_SAFE_INTEGER, text: '' };
    await store.commit([{ type: 'put', partition: p, key: 'k', version: null, value }]);
    expect((await store.get(p, 'k'))?.value).toEqual(value);
  });
});
