import { inject } from 'vitest';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { describeQueue, unique } from '@kumo/conformance';
import { createTable, DynamoStore, SqsQueue } from '../src/index';
import { LOCAL_AWS } from '../testing';

describeQueue(
  'aws (SQS on fauxqs, effects on DynamoDB Local)',
  async (settings) => {
    const client = new SQSClient({ ...LOCAL_AWS, endpoint: inject('sqsEndpoint') });
    return { queue: new SqsQueue({ client, settings }), close: async () => client.destroy() };
  },
  async () => {
    const client = new DynamoDBClient({ ...LOCAL_AWS, endpoint: inject('dynamoEndpoint') });
    const tableName = unique('kumo-effects');
    await createTable(client, tableName);
    return { store: new DynamoStore({ client, tableName }), close: async () => client.destroy() };
  },
);
