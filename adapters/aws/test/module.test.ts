import { inject } from 'vitest';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { mqttPushHarness } from '@kumo/adapter-mqtt/testing/harness';
import { describePush, describeServices, unique } from '@kumo/conformance';
import { awsModule, createAwsPorts, createTable, type AwsConfig } from '../src/index';
import { LOCAL_AWS } from '../src/testing';

/** The whole AWS adapter set on the emulators, in a fresh table. */
async function localConfig(): Promise<AwsConfig> {
  const tableName = unique('kumo-services');
  const client = new DynamoDBClient({ ...LOCAL_AWS, endpoint: inject('dynamoEndpoint') });
  await createTable(client, tableName);
  client.destroy();
  return { ...LOCAL_AWS, tableName, dynamoEndpoint: inject('dynamoEndpoint'), sqsEndpoint: inject('sqsEndpoint'), mqtt: { url: inject('mqttUrl') } };
}

describePush('aws (MQTT push through awsModule ports)', async () => {
  const config = await localConfig();
  const ports = createAwsPorts(config);
  return mqttPushHarness(inject('mqttUrl'), ports.push, () => ports.close());
});

describeServices('aws (DynamoDB Local, fauxqs, aedes)', async () => {
  const ports = createAwsPorts(await localConfig());
  return { module: awsModule(ports), close: () => ports.close() };
});
