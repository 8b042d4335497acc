import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import mqtt from 'mqtt';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { IoTDataPlaneClient } from '@aws-sdk/client-iot-data-plane';
import { connectAsUser, topicLayout } from '@kumo/adapter-mqtt';
import { describePush, EventInbox, unique, type PushHarness } from '@kumo/conformance';
import { MAX_PUSH_EVENT_BYTES, TooLarge, type Store } from '@kumo/core';
import { createTable, DynamoStore, IotCorePush, playerClientId, recordPresence } from '../src/index';
import { LOCAL_AWS, startIotDataStandIn, type IotDataStandIn } from '../testing';

/** A store in a fresh table of DynamoDB Local. */
async function freshStore(): Promise<{ store: Store; close(): void }> {
  const tableName = unique('kumo-iot-push');
  const client = new DynamoDBClient({ ...LOCAL_AWS, endpoint: inject('dynamoEndpoint') });
  await createTable(client, tableName);
  return { store: new DynamoStore({ client, tableName }), close: () => client.destroy() };
}

/** The real data-plane client, pointed at the hand-written stand-in (see `startIotDataStandIn`). */
const dataPlane = (standIn: IotDataStandIn) => new IoTDataPlaneClient({ ...LOCAL_AWS, endpoint: standIn.endpoint, maxAttempts: 1 });

/** Records a lifecycle event the way IoT Core would send it for this client. */
const lifecycle = (store: Store, eventType: 'connected' | 'disconnected', clientId: string, sessionIdentifier: string) =>
  recordPresence(store, { clientId, timestamp: Date.now(), eventType, sessionIdentifier, principalIdentifier: 'test', versionNumber: 0 });

describe('IotCorePush over the data-plane HTTP API (hand-written stand-in endpoint, DynamoDB Local)', () => {
  let standIn: IotDataStandIn;
  let backing: Awaited<ReturnType<typeof freshStore>>;
  let push: IotCorePush;
  beforeAll(async () => {
    standIn = await startIotDataStandIn();
    backing = await freshStore();
    push = new IotCorePush({ client: dataPlane(standIn), store: backing.store });
  });
  afterAll(async () => {
    await push.close();
    backing.close();
    await standIn.stop();
  });

  it("POSTs the event to the user's MQTT topic with QoS 1 when a connection is live", async () => {
    const user = unique('a/b+c');
    const clientId = playerClientId(user);
    await lifecycle(backing.store, 'connected', clientId, 's1');
    const event = { type: 'matched', data: { gathering: 'g1' } };
    expect(await push.publish(user, event)).toBe('delivered');
    expect(standIn.published.at(-1)).toEqual({ topic: topicLayout().events(user), qos: 1, body: JSON.stringify(event) });
    await lifecycle(backing.store, 'disconnected', clientId, 's1');
  });

  it('answers offline without a request when no connection is live', async () => {
    const before = standIn.published.length;
    expect(await push.isOnline(unique('ghost'))).toBe(false);
    expect(await push.publish(unique('ghost'), { type: 'inbox.new', data: {} })).toBe('offline');
    expect(standIn.published.length).toBe(before);
  });

  it('rejects an event over MAX_PUSH_EVENT_BYTES with TooLarge before any request', async () => {
    const user = unique('big');
    await lifecycle(backing.store, 'connected', playerClientId(user), 's1');
    const before = standIn.published.length;
    await expect(push.publish(user, { type: 'big', data: { blob: 'x'.repeat(MAX_PUSH_EVENT_BYTES) } })).rejects.toThrow(TooLarge);
    expect(standIn.published.length).toBe(before);
  });
});

/**
 * The Push contract on `IotCorePush`: clients connect to a real MQTT broker (aedes) with player
 * client ids; the harness records their lifecycle events as IoT Core would, and the hand-written
 * data-plane stand-in forwards each publish to the broker.
 */
describePush('aws IotCorePush (data plane stand-in → aedes, presence records on DynamoDB Local)', async (): Promise<PushHarness> => {
  const url = inject('mqttUrl');
  const forwarder = await mqtt.connectAsync(url);
  const standIn = await startIotDataStandIn(async ({ topic, qos, body }) => {
    await forwarder.publishAsync(topic, body, { qos: qos as 0 | 1 });
  });
  const backing = await freshStore();
  const push = new IotCorePush({ client: dataPlane(standIn), store: backing.store });
  return {
    push,
    async connect(userId) {
      const inbox = new EventInbox();
      const clientId = playerClientId(userId);
      const session = randomUUID();
      const connection = await connectAsUser({ url, userId, onEvent: (event) => inbox.deliver(event), client: { clientId } });
      await lifecycle(backing.store, 'connected', clientId, session);
      return {
        next: (timeoutMs) => inbox.next(timeoutMs),
        async close() {
          await connection.close();
          await lifecycle(backing.store, 'disconnected', clientId, session);
        },
      };
    },
    async close() {
      await push.close();
      backing.close();
      await standIn.stop();
      await forwarder.endAsync();
    },
  };
});
