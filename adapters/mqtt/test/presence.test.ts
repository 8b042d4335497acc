import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import mqtt from 'mqtt';
import { EventInbox, unique } from '@kumo/conformance';
import { MAX_PUSH_EVENT_BYTES, TooLarge } from '@kumo/core';
import { connectAsUser, MqttPush, topicLayout } from '../src/index';

/** Waits until the user's presence is `online`. */
const presenceIs = (push: MqttPush, user: string, online: boolean) =>
  vi.waitFor(async () => expect(await push.isOnline(user)).toBe(online), { timeout: 5_000, interval: 50 });

describe('MqttPush beyond the port contract', () => {
  const url = inject('mqttUrl');
  let push: MqttPush;
  beforeAll(async () => {
    push = await MqttPush.connect({ url });
  });
  afterAll(() => push.close());

  it('clears presence through the Last Will when a connection dies without saying goodbye', async () => {
    const user = unique('crash');
    const client = await mqtt.connectAsync(url, {
      clientId: unique('raw'),
      will: { topic: topicLayout().presence(user, 'c1'), payload: Buffer.alloc(0), qos: 1, retain: true },
    });
    await client.publishAsync(topicLayout().presence(user, 'c1'), '{"online":true}', { qos: 1, retain: true });
    await presenceIs(push, user, true);
    client.stream.destroy();
    await presenceIs(push, user, false);
    client.end(true);
  });

  it('learns who is online from retained messages when it connects after the clients', async () => {
    const user = unique('early');
    const connection = await connectAsUser({ url, userId: user, onEvent: () => {} });
    const late = await MqttPush.connect({ url });
    await presenceIs(late, user, true);
    await connection.close();
    await presenceIs(late, user, false);
    await late.close();
  });

  it('keeps users whose ids hold topic separators and wildcards apart', async () => {
    const tag = unique('sep');
    const ids = ['a/b', 'a+b', 'a#b', 'ä b', 'a', 'a/+/#'].map((id) => `${tag}${id}`);
    const inboxes = ids.map(() => new EventInbox());
    const connections = await Promise.all(ids.map((userId, i) => connectAsUser({ url, userId, onEvent: (e) => inboxes[i]!.deliver(e) })));
    for (const userId of ids) await presenceIs(push, userId, true);
    for (const [i, userId] of ids.entries()) await push.publish(userId, { type: 'hello', data: { i } });
    for (const [i, inbox] of inboxes.entries()) {
      expect(await inbox.next()).toEqual({ type: 'hello', data: { i } });
      await expect(inbox.next(200)).rejects.toThrow();
    }
    await Promise.all(connections.map((connection) => connection.close()));
  });

  it('refuses an event over the size limit with TooLarge', async () => {
    const event = { type: 'big', data: { blob: 'x'.repeat(MAX_PUSH_EVENT_BYTES) } };
    await expect(push.publish('anyone', event)).rejects.toBeInstanceOf(TooLarge);
  });
});
