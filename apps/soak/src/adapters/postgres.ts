import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { capabilities, createPostgresPorts, type DatabaseConfig } from '@kumo/adapter-postgres';
import { createTestDatabase } from '@kumo/adapter-postgres/testing/database';
import type { QueueSettings } from '@kumo/core';
import { startLinkedBroker } from './broker';
import type { AdapterStarter, StartedAdapter } from './started';

/** The PostgreSQL adapter on `database` and an aedes broker behind a link the soak can drop. */
async function startOn(name: string, queue: QueueSettings, database: DatabaseConfig, remove: () => Promise<void>): Promise<StartedAdapter> {
  const broker = await startLinkedBroker();
  const ports = createPostgresPorts({ database, queue, mqtt: { url: broker.url } });
  await Promise.all([ports.database.ready(), ports.push.ready]);
  return {
    adapter: { name, ports, capabilities, visibilityTimeoutSeconds: queue.visibilityTimeoutSeconds, disconnectPush: broker.disconnect },
    stop: async () => {
      await ports.close();
      await Promise.all([broker.close(), remove()]);
    },
  };
}

/** PostgreSQL on a throwaway database of the machine's server (`KUMO_TEST_POSTGRES_URL`), dropped after. */
export const startPostgres: AdapterStarter = async (queue) => {
  const made = await createTestDatabase();
  return startOn('postgres', queue, { url: made.url }, made.drop);
};

/** PostgreSQL embedded (PGlite) in a temporary data folder, removed after. */
export const startPglite: AdapterStarter = async (queue) => {
  const dataDir = await mkdtemp(join(tmpdir(), 'kumo-soak-'));
  return startOn('pglite', queue, { embedded: true, dataDir }, () => rm(dataDir, { recursive: true, force: true }));
};
