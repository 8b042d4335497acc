import type { ContainerModule } from 'inversify';
import { DEFAULT_QUEUE_SETTINGS, portsModule, systemClock, type Capabilities, type Clock, type QueueSettings } from '@kumo/core';
import { MemoryQueue, memoryQueueCapabilities } from './queue';
import { MemoryMobilePush, MemoryPush } from './push';
import { MemoryStore, memoryStoreCapabilities } from './store';

/** What the embedded adapter can do. */
export const capabilities: Capabilities = {
  store: memoryStoreCapabilities,
  queue: memoryQueueCapabilities,
  push: { presence: true, exactPresence: true },
};

/** Options of `memoryModule`. */
export interface MemoryOptions {
  queue?: QueueSettings;
  /** Clock for queue visibility and delays and for document expiry (tests move it). */
  clock?: Clock;
}

/** The embedded adapter's ports, created once so that callers can reach `MemoryPush.connect`. */
export interface MemoryPorts {
  store: MemoryStore;
  queue: MemoryQueue;
  push: MemoryPush;
  mobilePush: MemoryMobilePush;
}

/** Creates the embedded adapter's ports. */
export function createMemoryPorts(options: MemoryOptions = {}): MemoryPorts {
  const clock = options.clock ?? systemClock;
  return {
    store: new MemoryStore(undefined, clock),
    queue: new MemoryQueue(options.queue ?? DEFAULT_QUEUE_SETTINGS, clock),
    push: new MemoryPush(),
    mobilePush: new MemoryMobilePush(),
  };
}

/** Binds every port to the embedded adapter (pass `ports` to keep a handle on them). */
export function memoryModule(ports: MemoryPorts = createMemoryPorts()): ContainerModule {
  return portsModule(ports, capabilities);
}
