import { inject } from 'vitest';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { mqttPushHarness } from '@kumo/adapter-mqtt/testing/harness';
import { describePush, describeServices, TcpLink, unique } from '@kumo/conformance';
import { awsModule, createAwsPorts, createTable, type AwsConfig } from '../src/index';
import { LOCAL_AWS } from '../testing';

/** The whole AWS adapter set on the emulators, in a fresh table; push reaches the broker at `mqttUrl`. */
async function localConfig(mqttUrl = inject('mqttUrl')): Promise<AwsConfig> {
  const tableName = unique('kumo-services');
  const client = new DynamoDBClient({ ...LOCAL_AWS, endpoint: inject('dynamoEndpoint') });
  await createTable(client, tableName);
  client.destroy();
  return { ...LOCAL_AWS, tableName, dynamoEndpoint: inject('dynamoEndpoint'), sqsEndpoint: inject('sqsEndpoint'), mqtt: { url: mqttUrl } };
}

describePush('aws (MQTT push through awsModule ports, through a TCP link that can be cut)', async () => {
  const broker = new URL(inject('mqttUrl'));
  const link = await TcpLink.open(broker.hostname, Number(broker.port));
  const ports = createAwsPorts(await localConfig(link.proxied(inject('mqttUrl'))));
  return mqttPushHarness(inject('mqttUrl'), ports.push, () => ports.close(), link);
});

describeServices('aws (DynamoDB Local, fauxqs, aedes)', async () => {
  const ports = createAwsPorts(await localConfig());
  return { module: awsModule(ports), close: () => ports.close() };
});
