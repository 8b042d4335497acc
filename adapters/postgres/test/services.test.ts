import { inject } from 'vitest';
import { describeServices } from '@kumo/conformance';
import { createPostgresPorts, postgresModule, type DatabaseConfig } from '../src/index';
import { copyEmbeddedTemplate } from '../testing';

const url = inject('databaseUrl');
/** The server's throwaway database, and PGlite on a copy of the run's template folder. */
const engines: Array<{ name: string; open?: () => Promise<{ database: DatabaseConfig; remove?: () => Promise<void> }> }> = [
  { name: 'PostgreSQL server', open: url ? async () => ({ database: { url } }) : undefined },
  {
    name: 'PGlite (embedded)',
    open: async () => {
      const copy = await copyEmbeddedTemplate(inject('pgliteTemplate'));
      return { database: { embedded: true, dataDir: copy.dataDir }, remove: copy.remove };
    },
  },
];

for (const { name, open } of engines) {
  if (!open) continue;
  describeServices(`postgres on ${name} (MQTT push)`, async () => {
    const { database, remove } = await open();
    const ports = createPostgresPorts({ database, mqtt: { url: inject('mqttUrl') }, queue: { maxAttempts: 5, visibilityTimeoutSeconds: 10 } });
    await Promise.all([ports.database.ready(), ports.push.ready]);
    return { module: postgresModule(ports), close: async () => void (await ports.close(), await remove?.()) };
  });
}
