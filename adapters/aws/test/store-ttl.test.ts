import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DescribeTimeToLiveCommand, DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { unique } from '@kumo/conformance';
import { createTable, DynamoStore } from '../src/index';
import { LOCAL_AWS } from '../testing';

describe('DynamoStore expiry on the table', () => {
  const client = new DynamoDBClient({ ...LOCAL_AWS, endpoint: inject('dynamoEndpoint') });
  const tableName = unique('kumo-ttl');
  let store: DynamoStore;
  beforeAll(async () => {
    await createTable(client, tableName);
    store = new DynamoStore({ client, tableName });
  });
  afterAll(() => client.destroy());

  it('gap: removal is DynamoDB TTL, which deletes in the background within about two days; the table has TTL on `ttl` and an expiring item carries it in epoch seconds', async () => {
    const { TimeToLiveDescription } = await client.send(new DescribeTimeToLiveCommand({ TableName: tableName }));
    expect(TimeToLiveDescription).toMatchObject({ AttributeName: 'ttl', TimeToLiveStatus: 'ENABLED' });
    const p = unique('ttl');
    const expiresAt = Date.now() + 1_500;
    await store.commit([{ type: 'put', partition: p, key: 'k', version: null, value: {}, expiresAt }]);
    const { Item } = await client.send(new GetItemCommand({ TableName: tableName, Key: { pk: { S: p }, sk: { S: 'k' } }, ConsistentRead: true }));
    expect(Item?.ttl).toEqual({ N: String(Math.ceil(expiresAt / 1000)) });
    expect(Item?.exp).toEqual({ N: String(expiresAt) });
  });
});
