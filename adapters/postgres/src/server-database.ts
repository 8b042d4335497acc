import pg from 'pg';
import { CommitUnknown } from '@kumo/core';
import { lazyDatabase, type Database, type Sql } from './database';
import { NotificationListener } from './notification-listener';
import { createSchema } from './schema';

/** Options of `serverDatabase`. */
export interface ServerDatabaseOptions {
  /** `postgres://user:password@host:5432/database` (libpq parameters such as `sslmode` allowed). */
  url: string;
  /** Most connections of this process (default 10). */
  maxConnections?: number;
}

/**
 * A PostgreSQL server through a `pg` connection pool, created on first use. Transactions run on
 * one pooled connection; a connection that failed mid-transaction is
 * discarded rather than returned to the pool. `listen` holds one more connection, outside the pool.
 */
export function serverDatabase(options: ServerDatabaseOptions): Database {
  return lazyDatabase(`PostgreSQL at ${redact(options.url)}`, async () => {
    const pool = new pg.Pool({ connectionString: options.url, max: options.maxConnections ?? 10 });
    pool.on('error', (error) => console.error('postgres: idle connection failed:', error.message));
    const query: Sql['query'] = async (text, params) => ({ rows: (await pool.query(text, params as unknown[])).rows });
    await query('SELECT 1');
    const listener = new NotificationListener(options.url);
    return {
      query,
      listen: (channel, handler) => listener.listen(channel, handler),
      async transaction(work) {
        const client = await pool.connect();
        let broken: Error | undefined;
        // A connection lost between statements is reported here (not as an uncaught error); the next statement fails.
        const lost = (error: Error) => (broken = error);
        client.on('error', lost);
        try {
          await client.query('BEGIN');
          const result = await work({ query: async (text, params) => ({ rows: (await client.query(text, params as unknown[])).rows }) });
          await commit(client);
          return result;
        } catch (error) {
          await client.query('ROLLBACK').catch((rollback: Error) => (broken = rollback));
          throw error;
        } finally {
          client.off('error', lost);
          client.release(broken);
        }
      },
      close: async () => void (await Promise.all([listener.close(), pool.end()])),
    };
  }, createSchema);
}

/**
 * Sends COMMIT. If the server answered with an error (a SQLSTATE), the transaction did not
 * commit and the error goes on; if the connection was lost before an answer came, the server may
 * have committed: `CommitUnknown`.
 */
async function commit(client: pg.PoolClient): Promise<void> {
  try {
    await client.query('COMMIT');
  } catch (error) {
    if (error instanceof pg.DatabaseError) throw error;
    throw new CommitUnknown(`postgres: no answer to COMMIT (${(error as Error).message})`);
  }
}

/** The URL without its password. */
function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'a PostgreSQL server';
  }
}
