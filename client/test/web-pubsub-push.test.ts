import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebPubSubPush } from '@kumo/adapter-azure';
import { startWebPubSubStandIn, type WebPubSubStandIn } from '@kumo/adapter-azure/testing';
import type { PushConnection } from '../src';
import { eventually, expectInboxNotice, playerAndOperator } from './clients';
import { startPushBackend, type PushBackend } from './push-backend';

let standIn: WebPubSubStandIn;
let push: WebPubSubPush;
let backend: PushBackend;

beforeAll(async () => {
  standIn = await startWebPubSubStandIn();
  push = WebPubSubPush.fromConnectionString(standIn.connectionString, 'kumo', { allowInsecureConnection: true });
  backend = await startPushBackend(push);
});
afterAll(async () => {
  await backend?.stop();
  await standIn?.close();
});

describe('client.push on Azure Web PubSub (the local stand-in driven by @azure/web-pubsub)', () => {
  it('connects to the negotiated client URL, receives typed events, and is offline once disconnected', async () => {
    const { player, userId, admin } = await playerAndOperator(backend.url);
    const connected = new Promise<PushConnection>((resolve) => player.push.on('connected', resolve));
    await player.push.connect();
    expect((await connected).protocol).toBe('webpubsub');
    await eventually(() => push.isOnline(userId), 'the hub sees the player online');

    await expectInboxNotice(admin, player, userId, 'Welcome');

    await player.push.disconnect();
    await eventually(async () => !(await push.isOnline(userId)), 'the hub sees the player offline', 1_000);
  });
});
