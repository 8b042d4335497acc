import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { capabilities, createAwsPorts, createTable } from '@kumo/adapter-aws';
import { LOCAL_AWS, startDynamoDbLocal, startSqsServer } from '@kumo/adapter-aws/testing';
import { startLinkedBroker } from './broker';
import type { AdapterStarter } from './started';

/** AWS on DynamoDB Local, fauxqs (SQS) and an aedes broker (MQTT push), in a fresh table. */
export const startAws: AdapterStarter = async (queue) => {
  const [dynamo, sqs, broker] = await Promise.all([startDynamoDbLocal(), startSqsServer(), startLinkedBroker()]);
  const tableName = `kumo-soak-${Date.now()}`;
  const client = new DynamoDBClient({ ...LOCAL_AWS, endpoint: dynamo.endpoint });
  await createTable(client, tableName);
  client.destroy();
  const ports = createAwsPorts({ ...LOCAL_AWS, tableName, dynamoEndpoint: dynamo.endpoint, sqsEndpoint: sqs.endpoint, queuePrefix: 'soak-', queue, mqtt: { url: broker.url } });
  return {
    adapter: { name: 'aws', ports, capabilities, visibilityTimeoutSeconds: queue.visibilityTimeoutSeconds, disconnectPush: broker.disconnect },
    stop: async () => {
      await ports.close();
      await Promise.all([broker.close(), sqs.stop(), dynamo.stop()]);
    },
  };
};
