import mqtt from 'mqtt';
import { EventInbox, type PushHarness, type TcpLink } from '@kumo/conformance';
import type { Push, PushConnection, PushEvent } from '@kumo/core';
import { connectAsUser } from '../src/client';

/**
 * A `describePush` harness for any push that follows this package's topic layout: `push` is the
 * server side under test, clients connect to the broker at `url` with `connectAsUser`. With
 * `link`, the TCP proxy through which `push` reaches the broker, broker outages are real.
 */
export function mqttPushHarness(url: string, push: Push, close?: () => Promise<void>, link?: TcpLink): PushHarness {
  return {
    brokerOutage: link
      ? async (during) => {
          link.cut();
          try {
            await during();
          } finally {
            link.restore();
          }
        }
      : undefined,
    push,
    async connect(userId) {
      const inbox = new EventInbox();
      const connection = await connectAsUser({ url, userId, onEvent: (event) => inbox.deliver(event) });
      return { next: (timeoutMs) => inbox.next(timeoutMs), close: () => connection.close() };
    },
    async close() {
      await close?.();
      await link?.close();
    },
  };
}

/**
 * A plain mqtt.js client that connects only from what the negotiate step answered (`url`,
 * `clientId`, `topic`, `presenceTopic`) and announces its presence: proves the answer suffices.
 */
export async function connectAsNegotiated(connection: PushConnection): Promise<{ inbox: EventInbox; close(): Promise<void> }> {
  const { url, clientId, topic, presenceTopic } = connection;
  if (!clientId || !topic || !presenceTopic) throw new Error(`not an MQTT connection: ${JSON.stringify(connection)}`);
  const client = await mqtt.connectAsync(url, { clientId, clean: true, will: { topic: presenceTopic, payload: Buffer.alloc(0), qos: 1, retain: true } });
  const inbox = new EventInbox();
  client.on('message', (received, payload) => received === topic && inbox.deliver(JSON.parse(String(payload)) as PushEvent));
  await client.subscribeAsync(topic, { qos: 0 });
  await client.publishAsync(presenceTopic, '{"online":true}', { qos: 1, retain: true });
  return {
    inbox,
    async close() {
      await client.publishAsync(presenceTopic, Buffer.alloc(0), { qos: 1, retain: true });
      await client.endAsync();
    },
  };
}
