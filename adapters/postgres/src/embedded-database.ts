import { mkdir } from 'node:fs/promises';
import type { PGlite as PGliteClass } from '@electric-sql/pglite';
import { clusterTemplate, discardClusterTemplate } from './cluster-template';
import { lockDataFolder } from './data-folder-lock';
import { lazyDatabase, type Database, type Sql } from './database';
import { createSchema } from './schema';

/**
 * The embedded engine: PGlite, PostgreSQL compiled to WebAssembly, in this process. With `dataDir`
 * the data lives in that folder (created if missing, held by this process alone: see
 * `lockDataFolder`) and survives restarts; without it, in memory.
 * The WebAssembly module loads on first use. A database in memory starts from a template cluster
 * instead of running initdb (see `clusterTemplate`); a data folder is made by initdb once.
 * PGlite has one connection: statements and transactions run one at a time, so serialization
 * failures cannot happen here.
 */
export function embeddedDatabase(dataDir?: string): Database {
  return lazyDatabase(dataDir ? `embedded PostgreSQL (PGlite) in ${dataDir}` : 'embedded PostgreSQL (PGlite) in memory', async () => {
    const { PGlite } = await import('@electric-sql/pglite');
    let release = async () => {};
    if (dataDir) {
      await mkdir(dataDir, { recursive: true });
      release = await lockDataFolder(dataDir);
    }
    const db = await create(PGlite, dataDir).catch(async (error: unknown) => {
      await release();
      throw error;
    });
    const runner = (target: Pick<typeof db, 'query'>): Sql['query'] => async (text, params) => {
      const result = await target.query<never>(text, params as unknown[]);
      return { rows: result.rows };
    };
    return {
      query: runner(db),
      transaction: (work) => db.transaction((tx) => work({ query: runner(tx) })),
      listen: async (channel, handler) => {
        const stop = await db.listen(channel, handler);
        return async () => void (await stop());
      },
      close: async () => {
        await db.close();
        await release();
      },
    };
  }, createSchema);
}

/**
 * Opens PGlite on `dataDir`; in memory, from the template cluster (if loading it fails, the
 * template is discarded and the database made by initdb).
 */
async function create(PGlite: typeof PGliteClass, dataDir?: string): Promise<PGliteClass> {
  const template = dataDir ? undefined : await clusterTemplate(PGlite);
  if (!template) return PGlite.create(dataDir);
  try {
    return await PGlite.create({ loadDataDir: template });
  } catch {
    await discardClusterTemplate();
    return PGlite.create();
  }
}
