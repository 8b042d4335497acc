import pg from 'pg';
import { lazyDatabase, type Database, type Sql } from './database';
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
 * discarded rather than returned to the pool.
 */
export function serverDatabase(options: ServerDatabaseOptions): Database {
  return lazyDatabase(`PostgreSQL at ${redact(options.url)}`, async () => {
    const pool = new pg.Pool({ connectionString: options.url, max: options.maxConnections ?? 10 });
    pool.on('error', (error) => console.error('postgres: idle connection failed:', error.message));
    const query: Sql['query'] = async (text, params) => ({ rows: (await pool.query(text, params as unknown[])).rows });
    await query('SELECT 1');
    return {
      query,
      async transaction(work) {
        const client = await pool.connect();
        let broken: Error | undefined;
        try {
          await client.query('BEGIN');
          const result = await work({ query: async (text, params) => ({ rows: (await client.query(text, params as unknown[])).rows }) });
          await client.query('COMMIT');
          return result;
        } catch (error) {
          await client.query('ROLLBACK').catch((rollback: Error) => (broken = rollback));
          throw error;
        } finally {
          client.release(broken);
        }
      },
      close: () => pool.end(),
    };
  }, createSchema);
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
