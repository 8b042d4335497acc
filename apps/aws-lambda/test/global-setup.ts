import type { TestProject } from 'vitest/node';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createTable } from '@kumo/adapter-aws';
import { LOCAL_AWS, startDynamoDbLocal, startSqsServer } from '@kumo/adapter-aws/testing';
import { startTestBroker } from '@kumo/adapter-mqtt/testing';

declare module 'vitest' {
  export interface ProvidedContext {
    lambdaEnv: Record<string, string>;
  }
}

/** Starts DynamoDB Local (with the Kumo table), fauxqs and an MQTT broker; hands the function its environment. */
export default async function setup(project: TestProject) {
  const [dynamo, sqs, broker] = await Promise.all([startDynamoDbLocal(), startSqsServer(), startTestBroker()]);
  const client = new DynamoDBClient({ ...LOCAL_AWS, endpoint: dynamo.endpoint });
  await createTable(client, 'kumo');
  client.destroy();
  project.provide('lambdaEnv', {
    AWS_REGION: LOCAL_AWS.region,
    AWS_ACCESS_KEY_ID: LOCAL_AWS.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_AWS.credentials.secretAccessKey,
    KUMO_TABLE: 'kumo',
    KUMO_DYNAMODB_ENDPOINT: dynamo.endpoint,
    KUMO_SQS_ENDPOINT: sqs.endpoint,
    KUMO_QUEUE_PREFIX: 'test-',
    KUMO_MQTT_URL: broker.url,
    KUMO_TOKEN_SECRET: 'lambda-test-token-secret-0123456789',
    KUMO_ADMIN_KEY: 'lambda-test-admin-key-0123456789',
  });
  return async () => {
    await Promise.all([dynamo.stop(), sqs.stop(), broker.close()]);
  };
}
