import { randomUUID } from 'node:crypto';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { MqttPush } from '@kumo/adapter-mqtt';
import { TcpLink } from '@kumo/conformance/faults';
import type { PushConnection } from '../src';
import { eventually, expectInboxNotice, playerAndOperator } from './clients';
import { startPushBackend, type PushBackend } from './push-backend';

const brokerUrl = inject('mqttUrl');
const topicPrefix = `kumo-client-test-${randomUUID().slice(0, 8)}`;
let link: TcpLink;
let push: MqttPush;
let backend: PushBackend;

beforeAll(async () => {
  const broker = new URL(brokerUrl);
  link = await TcpLink.open(broker.hostname, Number(broker.port));
  push = await MqttPush.connect({ url: brokerUrl, clientUrl: link.proxied(brokerUrl), topicPrefix });
  backend = await startPushBackend(push);
});
afterAll(async () => {
  await backend?.stop();
  await push?.close();
  await link?.close();
});

/** The connection ids whose retained presence message says the user is online, as a fresh subscriber sees them. */
async function retainedPresence(userId: string): Promise<string[]> {
  const probe = await mqtt.connectAsync(brokerUrl, { clean: true });
  const online: string[] = [];
  probe.on('message', (topic, payload, packet) => {
    if (packet.retain && payload.length > 0) online.push(topic.split('/').pop()!);
  });
  await probe.subscribeAsync(`${topicPrefix}/presence/${encodeURIComponent(userId)}/+`, { qos: 1 });
  await new Promise((resolve) => setTimeout(resolve, 300));
  await probe.endAsync();
  return online;
}

describe(`client.push over MQTT (${brokerUrl})`, () => {
  it('connects as negotiated with a retained presence, receives typed events, and goes offline at once on a clean disconnect', async () => {
    const { player, userId, admin } = await playerAndOperator(backend.url);
    const connected = new Promise<PushConnection>((resolve) => player.push.on('connected', resolve));
    await player.push.connect();
    const connection = await connected;
    expect(connection).toMatchObject({ protocol: 'mqtt', topic: `${topicPrefix}/users/${userId}/events` });
    await eventually(() => push.isOnline(userId), 'the server sees the player online');
    expect(await retainedPresence(userId)).toEqual([connection.clientId]);

    await expectInboxNotice(admin, player, userId, 'Welcome');

    await player.push.disconnect();
    await eventually(async () => !(await push.isOnline(userId)), 'the server sees the player offline', 1_000);
    expect(await retainedPresence(userId)).toEqual([]);
  });

  it('reconnects with backoff after the broker connection drops; meanwhile its Last Will has cleared the presence', async () => {
    const { player, userId, admin } = await playerAndOperator(backend.url);
    await player.push.connect();
    await eventually(() => push.isOnline(userId), 'online before the outage');

    const lost = new Promise((resolve) => player.push.on('disconnected', resolve));
    link.cut();
    await lost;
    expect(player.push.connected).toBe(false);
    await eventually(async () => !(await push.isOnline(userId)), 'the Last Will takes the player offline');
    expect(await retainedPresence(userId)).toEqual([]);

    const back = new Promise<PushConnection>((resolve) => player.push.on('connected', resolve));
    link.restore();
    const again = await back;
    await eventually(() => push.isOnline(userId), 'online again after reconnecting');
    expect(await retainedPresence(userId)).toEqual([again.clientId]);
    await expectInboxNotice(admin, player, userId, 'Back online');

    await player.push.disconnect();
    await eventually(async () => !(await push.isOnline(userId)), 'offline after leaving', 1_000);
  });
});
