import type { Sql } from './database';

/**
 * Tables of the adapter, created on first use (`CREATE … IF NOT EXISTS`, under an advisory lock so
 * that instances starting together do not race). Keys sort with the "C" collation: byte order of
 * UTF-8, which is code point order, the same on every server whatever its locale.
 * - `kumo_documents`: the Store. `expires_at`: when a document expires, in epoch ms of the
 *   services' Clock, which need not be the database's (indexed for the sweeper). `commits`: the ids
 *   of the last commits that wrote the document, newest first (to resolve an ambiguous commit);
 *   added to a table made before it had the column.
 * - `kumo_jobs`: the Queue, one row per message; `visible_at` drives delays and visibility timeouts.
 * - `kumo_job_dedupe`: the Queue's deduplication window, one row per (queue, dedupe id).
 */
const STATEMENTS = [
  `CREATE TABLE IF NOT EXISTS kumo_documents (
    partition text COLLATE "C" NOT NULL,
    key text COLLATE "C" NOT NULL,
    version integer NOT NULL,
    value json NOT NULL,
    commits text[],
    expires_at bigint,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (partition, key)
  )`,
  `ALTER TABLE kumo_documents ADD COLUMN IF NOT EXISTS commits text[]`,
  `CREATE INDEX IF NOT EXISTS kumo_documents_expires_at ON kumo_documents (expires_at) WHERE expires_at IS NOT NULL`,
  `CREATE TABLE IF NOT EXISTS kumo_jobs (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    queue text NOT NULL,
    body json NOT NULL,
    attempts integer NOT NULL DEFAULT 0,
    visible_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    receipt uuid,
    created_at timestamptz NOT NULL DEFAULT clock_timestamp()
  )`,
  `CREATE INDEX IF NOT EXISTS kumo_jobs_visible ON kumo_jobs (queue, visible_at)`,
  `CREATE TABLE IF NOT EXISTS kumo_job_dedupe (
    queue text NOT NULL,
    dedupe_id text NOT NULL,
    expires_at timestamptz NOT NULL,
    PRIMARY KEY (queue, dedupe_id)
  )`,
];

/** Creates the adapter's tables and indexes if they do not exist; `sql` must be a transaction. */
export async function createSchema(sql: Sql): Promise<void> {
  await sql.query(`SELECT pg_advisory_xact_lock(hashtext('kumo.schema'))`);
  for (const statement of STATEMENTS) await sql.query(statement);
}
