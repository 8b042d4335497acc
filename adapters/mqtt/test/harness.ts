import { EventInbox, type PushHarness } from '@kumo/conformance';
import { connectAsUser, MqttPush } from '../src/index';

/** A conformance harness: an `MqttPush` and game clients on the same broker. */
export async function mqttHarness(url: string): Promise<PushHarness & { push: MqttPush }> {
  const push = await MqttPush.connect({ url });
  return {
    push,
    async connect(userId) {
      const inbox = new EventInbox();
      const connection = await connectAsUser({ url, userId, onEvent: (event) => inbox.deliver(event) });
      return { next: (timeoutMs) => inbox.next(timeoutMs), close: () => connection.close() };
    },
    close: () => push.close(),
  };
}
