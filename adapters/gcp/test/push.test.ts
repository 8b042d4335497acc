import { inject } from 'vitest';
import { connectAsUser } from '@kumo/adapter-mqtt';
import { describePush, EventInbox } from '@kumo/conformance';
import { BrokerPush } from '../src/index';

describePush('gcp (MQTT broker push)', async () => {
  const url = inject('mqttUrl');
  const push = new BrokerPush({ url });
  return {
    push,
    async connect(userId) {
      const inbox = new EventInbox();
      const connection = await connectAsUser({ url, userId, onEvent: (event) => inbox.deliver(event) });
      return { next: (timeoutMs) => inbox.next(timeoutMs), close: () => connection.close() };
    },
    close: () => push.close(),
  };
});
