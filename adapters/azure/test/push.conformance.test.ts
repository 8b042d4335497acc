import { describePush, EventInbox } from '@kumo/conformance';
import { inject } from 'vitest';
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
