import type { ContainerModule } from 'inversify';
import { MqttPush, type MqttPushOptions } from '@kumo/adapter-mqtt';
import { portsModule, Unsupported, type Capabilities, type Clock, type MobilePush, type Operation, type QueueSettings, type SendOptions } from '@kumo/core';
import type { Database } from './database';
import { embeddedDatabase } from './embedded-database';
import { PostgresQueue, postgresQueueCapabilities } from './queue';
import { serverDatabase, type ServerDatabaseOptions } from './server-database';
import { PostgresStore, postgresStoreCapabilities } from './store';

/** What the PostgreSQL adapter set can do. */
export const capabilities: Capabilities = {
  store: postgresStoreCapabilities,
  queue: postgresQueueCapabilities,
  push: { presence: true, exactPresence: true },
};

/** Where the data lives: a PostgreSQL server, or the embedded engine (in `dataDir`, or in memory without it). */
export type DatabaseConfig = ServerDatabaseOptions | { embedded: true; dataDir?: string };

/** Configuration of the PostgreSQL adapter set. */
export interface PostgresConfig {
  database: DatabaseConfig;
  queue?: QueueSettings;
  /** Clock that judges document expiry: the services' Clock (default: the system clock). */
  clock?: Clock;
  /** The MQTT broker that carries live push and presence between every instance. */
  mqtt: MqttPushOptions;
  /** Mobile push for offline players (FCM, APNs); without it, sending throws `Unsupported`. */
  mobilePush?: MobilePush;
}

/** A message to enqueue with `PostgresPorts.commitAndSend`. */
export interface Job {
  queue: string;
  body: unknown;
  options?: SendOptions;
}

/** Store and queue on one database: what a server composes with the push of its choice. */
export interface PostgresStorage {
  database: Database;
  store: PostgresStore;
  queue: PostgresQueue;
  /** Commits a store batch and enqueues jobs in one transaction: the jobs exist exactly when the batch landed. */
  commitAndSend(operations: readonly Operation[], jobs: readonly Job[]): Promise<void>;
}

/** The adapter set's ports, made once so that callers can close them. */
export interface PostgresPorts extends PostgresStorage {
  push: MqttPush;
  mobilePush: MobilePush;
  /** Closes the database and the broker connection. */
  close(): Promise<void>;
}

const unconfiguredMobilePush: MobilePush = {
  send: async () => {
    throw new Unsupported('mobile push is not configured: pass `mobilePush` to postgresModule');
  },
};

/** Options of `createPostgresStorage`. */
export interface PostgresStorageOptions {
  queue?: QueueSettings;
  /** Clock that judges document expiry: the services' Clock (default: the system clock). */
  clock?: Clock;
}

/** Opens (lazily: nothing connects before first use) the store and queue on the database a config names. */
export function createPostgresStorage(config: DatabaseConfig, options: PostgresStorageOptions = {}): PostgresStorage {
  const database = 'embedded' in config ? embeddedDatabase(config.dataDir) : serverDatabase(config);
  const store = new PostgresStore(database, { clock: options.clock });
  const queue = new PostgresQueue(database, options.queue);
  return {
    database,
    store,
    queue,
    commitAndSend: (operations, jobs) =>
      store.commitWith(operations, async (tx) => {
        for (const job of jobs) await queue.sendIn(tx, job.queue, job.body, job.options);
      }),
  };
}

/** Creates the PostgreSQL ports: store and queue on one database, push through the MQTT broker. */
export function createPostgresPorts(config: PostgresConfig): PostgresPorts {
  const storage = createPostgresStorage(config.database, { queue: config.queue, clock: config.clock });
  const push = new MqttPush(config.mqtt);
  return {
    ...storage,
    push,
    mobilePush: config.mobilePush ?? unconfiguredMobilePush,
    close: async () => void (await Promise.all([storage.database.close(), push.close()])),
  };
}

/** Binds every port to PostgreSQL (pass ports made by `createPostgresPorts` to keep a handle on them). */
export function postgresModule(config: PostgresConfig | PostgresPorts): ContainerModule {
  const ports = 'store' in config ? config : createPostgresPorts(config);
  return portsModule(ports, capabilities);
}
