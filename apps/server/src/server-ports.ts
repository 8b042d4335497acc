import { createMemoryPorts, type MemoryPorts, type MemoryPush } from '@kumo/adapter-memory';
import { createDeviceMobilePush } from '@kumo/adapter-mobile-push';
import { MqttPush } from '@kumo/adapter-mqtt';
import { createPostgresStorage } from '@kumo/adapter-postgres';
import { type AdapterPorts, type Capabilities, type Clock } from '@kumo/core';
import type { BackendConfig } from './backend-config';

/** The ports a server runs on, what they can do, and where its data lives. */
export interface ServerPorts {
  ports: AdapterPorts;
  capabilities: Capabilities;
  /** The in-process push hub when there is no broker: the server serves it as a WebSocket. */
  socketPush?: MemoryPush;
  /** Where data lives, for the startup banner. */
  dataLocation: string;
  /** Resolves if the database answers (its tables made on first call) and the broker granted the presence subscription. */
  ready(): Promise<void>;
  /** Closes the database, the broker connection and the APNs connection. */
  close(): Promise<void>;
}

/**
 * Composes the server's ports: store and queue from the memory adapter or from the PostgreSQL
 * adapter (embedded engine or server), push from the MQTT broker if one is configured (so many
 * instances share presence and delivery) or else this process's WebSocket hub. Mobile push goes
 * straight to FCM and/or APNs when configured (`config.mobilePush`), on the device registry in the
 * store; otherwise it is the memory adapter's recorder and nothing leaves the machine. `clock` is
 * the services' Clock: the store judges document expiry by it. `memory` are the memory adapter's ports to use (default: new ones).
 */
export function createServerPorts(config: BackendConfig, clock: Clock, memory: MemoryPorts = createMemoryPorts({ clock })): ServerPorts {
  const broker = config.mqtt && new MqttPush(config.mqtt);
  const socketPush = broker ? undefined : memory.push;
  const storage = config.storage.kind === 'postgres' ? createPostgresStorage(config.storage.database, { clock }) : undefined;
  const { store, queue } = storage ?? memory;
  const mobilePush = config.mobilePush && createDeviceMobilePush(config.mobilePush, store);
  const push = broker ?? memory.push;
  return {
    ports: { store, queue, push, mobilePush: mobilePush ?? memory.mobilePush },
    capabilities: { store: store.capabilities, queue: queue.capabilities, push: push.capabilities },
    socketPush,
    dataLocation: storage?.database.description ?? 'memory (lost when the process exits)',
    ready: async () => void (await Promise.all([storage?.database.query('SELECT 1'), broker?.ready])),
    close: async () => void (await Promise.all([storage?.database.close(), broker?.close(), mobilePush?.close()])),
  };
}
