import { mkdir } from 'node:fs/promises';
import { lazyDatabase, type Database, type Sql } from './database';
import { createSchema } from './schema';

/**
 * The embedded engine: PGlite, PostgreSQL compiled to WebAssembly, in this process. With `dataDir`
 * the data lives in that folder (created if missing) and survives restarts; without it, in memory.
 * The WebAssembly module loads on first use. PGlite has one connection: statements and
 * transactions run one at a time, so serialization failures cannot happen here.
 */
export function embeddedDatabase(dataDir?: string): Database {
  return lazyDatabase(dataDir ? `embedded PostgreSQL (PGlite) in ${dataDir}` : 'embedded PostgreSQL (PGlite) in memory', async () => {
    const { PGlite } = await import('@electric-sql/pglite');
    if (dataDir) await mkdir(dataDir, { recursive: true });
    const db = await PGlite.create(dataDir);
    const runner = (target: Pick<typeof db, 'query'>): Sql['query'] => async (text, params) => {
      const result = await target.query<never>(text, params as unknown[]);
      return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length };
    };
    return {
      query: runner(db),
      transaction: (work) => db.transaction((tx) => work({ query: runner(tx) })),
      close: () => db.close(),
    };
  }, createSchema);
}
