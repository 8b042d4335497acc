import { inject } from 'vitest';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { describeStore, unique } from '@kumo/conformance';
import { createTable, DynamoStore } from '../src/index';
import { LOCAL_AWS } from '../testing';

describeStore(
  'aws (DynamoDB Local)',
  async (clock) => {
    const client = new DynamoDBClient({ ...LOCAL_AWS, endpoint: inject('dynamoEndpoint') });
    const tableName = unique('kumo');
    await createTable(client, tableName);
    return { store: new DynamoStore({ client, tableName, clock }), close: async () => client.destroy() };
  },
  (report) => console.log(`[contention] DynamoDB Local: ${report.writers} writers, ${report.conflicts} conflicts retried, final value ${report.finalValue}`),
);
