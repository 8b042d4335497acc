import { describe, expect, inject, it, vi } from 'vitest';
import { IoTDataPlaneClient } from '@aws-sdk/client-iot-data-plane';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { topicLayout } from '@kumo/adapter-mqtt';
import { connectAsNegotiated } from '@kumo/adapter-mqtt/testing/harness';
import { unique } from '@kumo/conformance';
import { createAwsPorts, createTable, IotCorePush, parsePlayerClientId, DynamoStore } from '../src/index';
import { LOCAL_AWS } from '../testing';

const CLIENT_URL = 'wss://example-ats.iot.eu-west-1.amazonaws.com/mqtt';

describe('push connection (negotiate) on AWS', () => {
  it('MQTT push: a player client id of the user, with which a client connects and receives an event', async () => {
    const url = inject('mqttUrl');
    const tableName = unique('kumo-negotiate');
    const dynamo = new DynamoDBClient({ ...LOCAL_AWS, endpoint: inject('dynamoEndpoint') });
    await createTable(dynamo, tableName);
    dynamo.destroy();
    const ports = createAwsPorts({ ...LOCAL_AWS, tableName, dynamoEndpoint: inject('dynamoEndpoint'), sqsEndpoint: inject('sqsEndpoint'), mqtt: { url, clientUrl: url } });
    try {
      const user = unique('player-1');
      const connection = await ports.push.connection!(user);
      expect(connection).toMatchObject({ protocol: 'mqtt', url, topic: topicLayout().events(user) });
      expect(parsePlayerClientId(connection.clientId!)).toEqual({ userId: user, connection: expect.any(String) });

      const client = await connectAsNegotiated(connection);
      await vi.waitFor(async () => expect(await ports.push.isOnline(user)).toBe(true), { timeout: 5_000, interval: 50 });
      expect(await ports.push.publish(user, { type: 'matched', data: { gathering: 'g1' } })).toBe('delivered');
      expect(await client.inbox.next(5_000)).toEqual({ type: 'matched', data: { gathering: 'g1' } });
      await client.close();
    } finally {
      await ports.close();
    }
  });

  it('IotCorePush: the configured IoT Core URL and a player client id that parses back to the user', async () => {
    const client = new IoTDataPlaneClient({ ...LOCAL_AWS, endpoint: 'http://127.0.0.1:9' });
    const dynamo = new DynamoDBClient({ ...LOCAL_AWS, endpoint: inject('dynamoEndpoint') });
    const store = new DynamoStore({ client: dynamo, tableName: 'unused' });
    const push = new IotCorePush({ client, store, clientUrl: CLIENT_URL });
    const user = 'ü/+#-7';
    const connection = await push.connection(user);
    expect(connection).toMatchObject({ protocol: 'mqtt', url: CLIENT_URL, topic: topicLayout().events(user) });
    expect(parsePlayerClientId(connection.clientId!)?.userId).toBe(user);
    expect(connection.presenceTopic).toBe(topicLayout().presence(user, connection.clientId!));
    await push.close();
    dynamo.destroy();
  });
});
