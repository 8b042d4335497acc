import { describePush, describeQueue, describeStore, EventInbox } from '@kumo/conformance';
import { MemoryPush, MemoryQueue, MemoryStore, memoryStoreCapabilities } from '../src/index';

describeStore('memory', async (clock) => new MemoryStore(undefined, clock));

describeStore('memory without ttl', async (clock) => new MemoryStore({ ...memoryStoreCapabilities, ttl: false }, clock));

describeQueue('memory', async (settings) => new MemoryQueue(settings), async () => new MemoryStore());

describePush('memory', async () => {
  const push = new MemoryPush();
  return {
    push,
    async connect(userId) {
      const inbox = new EventInbox();
      const disconnect = push.connect(userId, (event) => inbox.deliver(event));
      return { next: (timeoutMs) => inbox.next(timeoutMs), close: async () => disconnect() };
    },
  };
});
