import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, LOCAL_POSTGRES_URL } from '@kumo/adapter-postgres/testing/database';
import { systemClock } from '@kumo/core';
import type { BackendConfig } from '../src/backend-config';
import { createServerPorts, type ServerPorts } from '../src/server-ports';

/** A backend the bench runs on: its ports, how long they took to be ready, and how to clean up. */
export interface BenchBackend {
  name: string;
  server: ServerPorts;
  /** Milliseconds from creating the ports to `ready()`: fresh, then again on the data just made. */
  startupMs: { fresh: number; existing?: number };
  dispose(): Promise<void>;
}

/** Creates the ports of `config` and times `ready()`. */
async function open(config: BackendConfig): Promise<{ server: ServerPorts; ms: number }> {
  const started = performance.now();
  const server = createServerPorts(config, systemClock);
  await server.ready();
  return { server, ms: Math.round(performance.now() - started) };
}

/**
 * The backends `npm start` can run on: memory; the embedded engine in a fresh temporary folder
 * (opened twice: the first start makes the database, later starts find it); a throwaway database
 * on the PostgreSQL server at `KUMO_TEST_POSTGRES_URL` (default the machine's), left out with a
 * note if no server answers.
 */
export async function benchBackends(): Promise<BenchBackend[]> {
  const backends: BenchBackend[] = [];
  const memory = await open({ storage: { kind: 'memory' } });
  backends.push({ name: 'memory', server: memory.server, startupMs: { fresh: memory.ms }, dispose: () => memory.server.close() });

  const dataDir = await mkdtemp(join(tmpdir(), 'kumo-bench-'));
  const embedded = { storage: { kind: 'postgres', database: { embedded: true, dataDir } } } as const;
  const fresh = await open(embedded);
  await fresh.server.close();
  const again = await open(embedded);
  backends.push({
    name: 'PGlite (embedded, on disk)',
    server: again.server,
    startupMs: { fresh: fresh.ms, existing: again.ms },
    dispose: async () => {
      await again.server.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  });

  const database = await createTestDatabase().catch((error: Error) => void console.warn(`no PostgreSQL server at ${LOCAL_POSTGRES_URL} (${error.message}): its rows are left out`));
  if (database) {
    const server = await open({ storage: { kind: 'postgres', database: { url: database.url } } });
    backends.push({
      name: 'PostgreSQL server',
      server: server.server,
      startupMs: { fresh: server.ms },
      dispose: async () => {
        await server.server.close();
        await database.drop();
      },
    });
  }
  return backends;
}
