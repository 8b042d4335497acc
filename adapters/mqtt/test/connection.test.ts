import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { unique } from '@kumo/conformance';
import { Unsupported } from '@kumo/core';
import { MqttPush, topicLayout } from '../src/index';
import { connectAsNegotiated } from '../testing/harness';

describe('MqttPush.connection (the negotiate step)', () => {
  const url = inject('mqttUrl');
  let push: MqttPush;
  beforeAll(async () => {
    push = await MqttPush.connect({ url, clientUrl: url });
  });
  afterAll(() => push.close());

  it('answers what a plain MQTT client needs to connect as the user and receive a published event', async () => {
    const user = unique('negotiate/+#');
    const connection = await push.connection(user);
    expect(connection).toMatchObject({ protocol: 'mqtt', url, topic: topicLayout().events(user) });
    expect(connection.presenceTopic).toBe(topicLayout().presence(user, connection.clientId!));

    const client = await connectAsNegotiated(connection);
    await vi.waitFor(async () => expect(await push.isOnline(user)).toBe(true), { timeout: 5_000, interval: 50 });

    expect(await push.publish(user, { type: 'hello', data: { n: 1 } })).toBe('delivered');
    expect(await client.inbox.next(5_000)).toEqual({ type: 'hello', data: { n: 1 } });
    await client.close();
  });

  it('gives each connection its own client id, from the configured maker if any', async () => {
    const first = await push.connection('u1');
    expect(first.clientId).not.toBe((await push.connection('u1')).clientId);
    const named = await MqttPush.connect({ url, clientUrl: 'wss://broker.example.com/mqtt', clientId: (userId) => `game-${userId}` });
    try {
      expect(await named.connection('u1')).toMatchObject({ url: 'wss://broker.example.com/mqtt', clientId: 'game-u1', presenceTopic: 'kumo/presence/u1/game-u1' });
    } finally {
      await named.close();
    }
  });

  it('throws Unsupported when no broker URL for clients is configured', async () => {
    const bare = await MqttPush.connect({ url });
    try {
      await expect(bare.connection('u1')).rejects.toBeInstanceOf(Unsupported);
    } finally {
      await bare.close();
    }
  });
});
