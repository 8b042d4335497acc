import { describePush, EventInbox } from '@kumo/conformance';
import { describe, expect, inject, it } from 'vitest';
import WebSocket from 'ws';
import { WebPubSubPush } from '../src/index';

describePush('azure web pubsub (hand-written stand-in)', async () => {
  const push = WebPubSubPush.fromConnectionString(inject('webPubSubConnectionString'), 'kumo', { allowInsecureConnection: true });
  return {
    push,
    async connect(userId) {
      const inbox = new EventInbox();
      const socket = new WebSocket(await push.clientUrl(userId));
      socket.on('message', (data) => inbox.deliver(JSON.parse(data.toString())));
      await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
      return {
        next: (timeoutMs) => inbox.next(timeoutMs),
        close: () => new Promise<void>((resolve) => socket.once('close', () => resolve()).close()),
      };
    },
  };
});

describe('WebPubSubPush.connection (the negotiate step)', () => {
  it('answers a URL with which a WebSocket client connects as the user and receives an event, and when its token expires', async () => {
    const push = WebPubSubPush.fromConnectionString(inject('webPubSubConnectionString'), 'kumo', { allowInsecureConnection: true });
    const before = Date.now();
    const connection = await push.connection(`negotiate-${before}`);
    expect(connection.protocol).toBe('webpubsub');
    expect(connection.expiresAt).toBeGreaterThanOrEqual(before + 59 * 60_000);
    expect(connection.expiresAt).toBeLessThanOrEqual(Date.now() + 60 * 60_000);
    const socket = new WebSocket(connection.url);
    const received = new Promise<unknown>((resolve) => socket.once('message', (data) => resolve(JSON.parse(data.toString()))));
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    expect(await push.publish(`negotiate-${before}`, { type: 'hello', data: { n: 1 } })).toBe('delivered');
    expect(await received).toEqual({ type: 'hello', data: { n: 1 } });
    await new Promise<void>((resolve) => socket.once('close', () => resolve()).close());
  });
});
