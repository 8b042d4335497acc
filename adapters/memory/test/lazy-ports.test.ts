import { describe, expect, it } from 'vitest';
import { describePush, describeQueue, describeStore, EventInbox } from '@kumo/conformance';
import { lazyPorts, Unsupported, type AdapterPorts } from '@kumo/core';
import { capabilities, createMemoryPorts, MemoryPush, MemoryQueue, MemoryStore } from '../src/index';

/** Memory ports behind `lazyPorts`, as a cloud entry loads its adapter set on first use. */
const lazy = (ports: Partial<AdapterPorts>) =>
  lazyPorts({ capabilities, sweepsExpired: true, queueDepth: true, bulkWrites: true }, async () => ({ ...createMemoryPorts(), ...ports }));

describeStore('memory behind lazyPorts', async (clock) => lazy({ store: new MemoryStore(undefined, clock) }).store);

describeQueue('memory behind lazyPorts', async (settings) => lazy({ queue: new MemoryQueue(settings) }).queue, async () => new MemoryStore());

describePush('memory behind lazyPorts', async () => {
  const push = new MemoryPush();
  return {
    push: lazy({ push }).push,
    async connect(userId) {
      const inbox = new EventInbox();
      const disconnect = push.connect(userId, (event) => inbox.deliver(event));
      return { next: (timeoutMs) => inbox.next(timeoutMs), close: async () => disconnect() };
    },
  };
});

describe('lazyPorts', () => {
  it('loads nothing until a port is used, then loads once', async () => {
    let loads = 0;
    const ports = lazyPorts({ capabilities }, async () => {
      loads += 1;
      return createMemoryPorts();
    });
    expect(ports.store.capabilities).toBe(capabilities.store);
    expect(ports.queue.capabilities).toBe(capabilities.queue);
    expect(ports.store.sweepExpired).toBeUndefined();
    expect(ports.queue.depth).toBeUndefined();
    expect(ports.store.putMany).toBeUndefined();
    await ports.close();
    expect(loads).toBe(0);
    await Promise.all([ports.store.get('p', 'k'), ports.push.isOnline('u'), ports.queue.receive('q')]);
    expect(loads).toBe(1);
  });

  it('retries a failed load on the next call', async () => {
    let loads = 0;
    const ports = lazyPorts({ capabilities }, async () => {
      loads += 1;
      if (loads === 1) throw new Error('no network yet');
      return createMemoryPorts();
    });
    await expect(ports.store.get('p', 'k')).rejects.toThrow('no network yet');
    expect(await ports.store.get('p', 'k')).toBeUndefined();
    expect(loads).toBe(2);
  });

  it('answers Unsupported for connection details a push backend cannot give', async () => {
    const push = new MemoryPush();
    const ports = lazy({ push: { capabilities: push.capabilities, publish: (userId, event) => push.publish(userId, event), isOnline: (userId) => push.isOnline(userId) } });
    await expect(ports.push.connection!('u')).rejects.toBeInstanceOf(Unsupported);
  });
});
