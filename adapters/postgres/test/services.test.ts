import { inject } from 'vitest';
import { describeServices } from '@kumo/conformance';
import { createPostgresPorts, postgresModule } from '../src/index';

const url = inject('postgresUrl');
const engines = [
  { name: 'PostgreSQL server', database: url ? { url } : undefined },
  { name: 'PGlite (embedded)', database: { embedded: true as const } },
];

for (const { name, database } of engines) {
  if (!database) continue;
  describeServices(`postgres on ${name} (MQTT push)`, async () => {
    const ports = createPostgresPorts({ database, mqtt: { url: inject('mqttUrl') }, queue: { maxAttempts: 5, visibilityTimeoutSeconds: 10 } });
    await Promise.all([ports.database.ready(), ports.push.ready]);
    return { module: postgresModule(ports), close: () => ports.close() };
  });
}
