import {
  assertBatchFits,
  assertIncrement,
  Conflict,
  DEFAULT_PAGE_SIZE,
  expiryField,
  MAX_PAGE_SIZE,
  notANumber,
  systemClock,
  TooLarge,
  type Clock,
  type Doc,
  type DocAddress,
  type DocValue,
  type ListPartitionsOptions,
  type Operation,
  type PartitionPage,
  type Page,
  type QueryOptions,
  type Store,
  type StoreCapabilities,
} from '@kumo/core';
import type { Database, Sql } from './database';
import { translateSqlError } from './sql-errors';
import { listPostgresPartitions, POSTGRES_LISTING_SEGMENTS } from './store-partitions';

/**
 * Limits of the PostgreSQL store. PostgreSQL itself allows far more (a value up to 1 GB, any number
 * of rows per transaction); these keep a batch within one quick transaction and a page within one
 * query, and match what the conformance suite proves.
 */
export const postgresStoreCapabilities: StoreCapabilities = {
  crossPartitionTransactions: true,
  maxTransactionItems: 1000,
  maxItemBytes: 1024 * 1024,
  maxTransactionBytes: 16 * 1024 * 1024,
  ttl: true,
  partitionListing: { maxSegments: POSTGRES_LISTING_SEGMENTS },
  atomicIncrement: true,
  checkWrites: false,
  idempotentSingleWrites: false,
};

/** Most expired documents one `sweepExpired` call deletes. */
export const SWEEP_BATCH = 1000;

/** Options of `PostgresStore`. */
export interface PostgresStoreOptions {
  /** Clock that judges document expiry: the services' Clock (default: the system clock; tests move it). */
  clock?: Clock;
  capabilities?: StoreCapabilities;
}

/** A row as reads select it; `expires_at` is cast to float8 so that both drivers return a number. */
interface DocumentRow<T> {
  key: string;
  version: number;
  value: T;
  expires_at: number | null;
  commits: string[] | null;
}

/** Columns reads select, and the condition that leaves out a document expired at `$now`. */
const COLUMNS = 'key, version, value, expires_at::float8 AS expires_at, commits';
const live = (now: string) => `(expires_at IS NULL OR expires_at > ${now})`;

/** Longest partition plus key, in UTF-8 bytes: a primary-key index entry must fit in a third of an 8 KiB page. */
export const MAX_ADDRESS_BYTES = 2000;

/**
 * Store on PostgreSQL: one row per document in `kumo_documents` (primary key `(partition, key)`,
 * a `version` column). `commit` runs the batch in one transaction, one conditional statement per
 * operation in address order (`INSERT … ON CONFLICT DO NOTHING` for a create, `UPDATE`/`DELETE …
 * WHERE version = $n` otherwise, `SELECT … FOR SHARE` for a check); a statement that touches no row
 * fails the condition and rolls everything back with `Conflict`, as does a deadlock or a
 * serialization failure (SQLSTATE class 40). Every condition is checked on the latest committed row
 * and stays locked until the commit — rows by the statements themselves, absent documents by an
 * advisory lock on their address — so all of them hold together when it commits (two-phase locking:
 * the batches are serializable without SERIALIZABLE isolation and its false conflicts).
 * `query` pages by keyset on the primary key: a page is one index range scan, whatever its depth;
 * `listPartitions` skips along the same index from one partition to the next.
 *
 * Expiry (`capabilities.ttl`): `expires_at` holds a put's `expiresAt` (epoch ms of the Clock given
 * here, the services' one, not the database's). Every read and condition leaves out a row whose
 * `expires_at` has passed at the batch's `now`; a create over such a row replaces it at version 1
 * (`INSERT … ON CONFLICT DO UPDATE … WHERE expires_at <= now`). PostgreSQL has no TTL of its own:
 * `sweepExpired` deletes expired rows (core's `kumo-store-sweep` job calls it).
 *
 * Commit trail: a put stores its `commits` (text[]) as given and reads return them on
 * `Doc.commits`. A connection lost while COMMIT was on its way leaves the outcome unknown: the
 * database throws `CommitUnknown`, which core's `transact` resolves from those ids.
 */
export class PostgresStore implements Store {
  readonly capabilities: StoreCapabilities;
  private readonly clock: Clock;

  constructor(
    private readonly db: Database,
    options: PostgresStoreOptions = {},
  ) {
    this.capabilities = options.capabilities ?? postgresStoreCapabilities;
    this.clock = options.clock ?? systemClock;
  }

  /** Reads one document, unless it expired. */
  async get<T extends DocValue>(partition: string, key: string): Promise<Doc<T> | undefined> {
    const { rows } = await this.db.query<DocumentRow<T>>(
      `SELECT ${COLUMNS} FROM kumo_documents WHERE partition = $1 AND key = $2 AND ${live('$3')}`,
      [partition, key, this.clock.now()],
    );
    const row = rows[0];
    return row && toDoc(partition, row);
  }

  /** Reads several documents with one statement (unless expired), in the order asked. */
  async getMany<T extends DocValue>(addresses: readonly DocAddress[]): Promise<Array<Doc<T> | undefined>> {
    if (addresses.length === 0) return [];
    const { rows } = await this.db.query<DocumentRow<T> & { partition: string }>(
      `SELECT partition, ${COLUMNS} FROM kumo_documents
       WHERE (partition, key) IN (SELECT * FROM unnest($1::text[], $2::text[])) AND ${live('$3')}`,
      [addresses.map((a) => a.partition), addresses.map((a) => a.key), this.clock.now()],
    );
    const found = new Map(rows.map((row) => [`${row.partition}\u0000${row.key}`, row]));
    return addresses.map(({ partition, key }) => {
      const row = found.get(`${partition}\u0000${key}`);
      return row && toDoc(partition, row);
    });
  }

  /**
   * Adds to a document's number with one upsert (`… ON CONFLICT DO UPDATE SET value = jsonb_set(…, n +
   * $amount)`): PostgreSQL applies it on the latest row under the row lock, so concurrent
   * increments queue instead of conflicting. It first takes the address's advisory lock, as a create
   * in `commit` does, so a batch that checked the document absent holds until it commits.
   */
  async increment(partition: string, key: string, field: string, amount: number): Promise<number> {
    assertIncrement(this.capabilities, field, amount);
    const now = this.clock.now();
    try {
      const rows = await this.db.transaction(async (tx) => {
        await tx.query(...lockStatement(partition, key));
        const { rows } = await tx.query<{ n: string }>(
          `INSERT INTO kumo_documents AS d (partition, key, version, value) VALUES ($1, $2, 1, json_build_object($3::text, $4::bigint))
           ON CONFLICT (partition, key) DO UPDATE SET
             version = CASE WHEN d.expires_at <= $5 THEN 1 ELSE d.version + 1 END,
             value = CASE WHEN d.expires_at <= $5 THEN EXCLUDED.value
                          ELSE jsonb_set(d.value::jsonb, ARRAY[$3::text], to_jsonb(COALESCE((d.value->>$3::text)::numeric, 0) + $4::bigint))::json END,
             commits = CASE WHEN d.expires_at <= $5 THEN NULL ELSE d.commits END,
             expires_at = CASE WHEN d.expires_at <= $5 THEN NULL ELSE d.expires_at END,
             updated_at = now()
           WHERE d.expires_at <= $5 OR json_typeof(d.value->$3::text) IS NULL OR json_typeof(d.value->$3::text) = 'number'
           RETURNING (value->>$3::text) AS n`,
          [partition, key, field, amount, now],
        );
        return rows;
      });
      if (rows.length !== 1) throw notANumber(partition, key, field);
      return Number(rows[0]!.n);
    } catch (error) {
      throw translateSqlError(error);
    }
  }

  /** Lists a partition in key order, a page at a time (the cursor is the last key returned). */
  async query<T extends DocValue>(partition: string, options: QueryOptions = {}): Promise<Page<T>> {
    const limit = Math.max(1, Math.min(options.limit ?? DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE));
    const params: unknown[] = [partition, this.clock.now()];
    const where = ['partition = $1', live('$2')];
    const bind = (value: unknown) => `$${params.push(value)}`;
    if (options.prefix) {
      const upper = prefixUpperBound(options.prefix);
      where.push(`key >= ${bind(options.prefix)}`, upper === undefined ? `starts_with(key, ${bind(options.prefix)})` : `key < ${bind(upper)}`);
    }
    if (options.cursor !== undefined) where.push(`key ${options.reverse ? '<' : '>'} ${bind(options.cursor)}`);
    const { rows } = await this.db.query<DocumentRow<T>>(
      `SELECT ${COLUMNS} FROM kumo_documents WHERE ${where.join(' AND ')} ORDER BY key ${options.reverse ? 'DESC' : 'ASC'} LIMIT ${bind(limit + 1)}`,
      params,
    );
    const items = rows.slice(0, limit).map((row) => toDoc(partition, row));
    return rows.length > limit ? { items, cursor: items.at(-1)!.key } : { items };
  }

  /** Lists the partitions holding a live document, a page at a time (see store-partitions.ts). */
  listPartitions(options: ListPartitionsOptions = {}): Promise<PartitionPage> {
    return listPostgresPartitions(this.db, this.clock.now(), options, this.capabilities);
  }

  /** Applies the batch atomically (see the class comment). */
  async commit(operations: readonly Operation[]): Promise<void> {
    await this.commitWith(operations);
  }

  /**
   * Applies the batch atomically and, in the same transaction, runs `alongside` (the queue's
   * `sendIn`, say): either the documents and whatever `alongside` writes land, or nothing does.
   */
  async commitWith(operations: readonly Operation[], alongside?: (tx: Sql) => Promise<void>): Promise<void> {
    assertBatchFits(operations, this.capabilities);
    for (const op of operations) {
      const bytes = Buffer.byteLength(op.partition) + Buffer.byteLength(op.key);
      if (bytes > MAX_ADDRESS_BYTES) throw new TooLarge(`postgres: partition and key of ${op.partition}/${op.key} exceed ${MAX_ADDRESS_BYTES} bytes`);
    }
    if (operations.length === 0 && !alongside) return;
    const now = this.clock.now();
    try {
      await this.db.transaction(async (tx) => {
        for (const op of inLockOrder(operations)) {
          let rows: unknown[] = [];
          for (const [text, params] of statements(op, now)) ({ rows } = await tx.query(text, params));
          if (rows.length !== 1) throw new Conflict(`postgres: ${op.partition}/${op.key} is not at version ${op.version}`);
        }
        await alongside?.(tx);
      });
    } catch (error) {
      throw translateSqlError(error);
    }
  }

  /**
   * Deletes up to `SWEEP_BATCH` expired rows and returns how many. Rows another transaction holds
   * are skipped (the next sweep finds them), and a row is deleted only if it is still expired when
   * locked: one re-created in between stays.
   */
  async sweepExpired(): Promise<number> {
    const { rows } = await this.db.query(
      `WITH expired AS (
         SELECT partition, key FROM kumo_documents WHERE expires_at <= $1 ORDER BY expires_at LIMIT $2 FOR UPDATE SKIP LOCKED
       )
       DELETE FROM kumo_documents d USING expired WHERE d.partition = expired.partition AND d.key = expired.key RETURNING 1`,
      [this.clock.now(), SWEEP_BATCH],
    );
    return rows.length;
  }
}

function toDoc<T extends DocValue>(partition: string, row: DocumentRow<T>): Doc<T> {
  return {
    partition,
    key: row.key,
    version: row.version,
    value: row.value,
    ...expiryField(row.expires_at === null ? undefined : Number(row.expires_at)),
    ...(row.commits === null ? {} : { commits: row.commits }),
  };
}

/**
 * The statements of one operation at `now` (epoch ms of the store's Clock); the last returns one
 * row exactly when its condition holds. A row expired at `now` counts as absent. Creating a
 * document and checking that one is absent first take a transaction-scoped advisory lock on its
 * address (an absent row cannot be locked), in a statement of its own, so that the check that
 * follows reads after whoever held the lock committed. A create over an expired row replaces it.
 */
function statements(op: Operation, now: number): Array<[string, unknown[]]> {
  const address = [op.partition, op.key];
  const lockAddress = lockStatement(op.partition, op.key);
  switch (op.type) {
    case 'check':
      return op.version === null
        ? [lockAddress, [`SELECT 1 WHERE NOT EXISTS (SELECT 1 FROM kumo_documents WHERE partition = $1 AND key = $2 AND ${live('$3')})`, [...address, now]]]
        : [[`SELECT 1 FROM kumo_documents WHERE partition = $1 AND key = $2 AND version = $3 AND ${live('$4')} FOR SHARE`, [...address, op.version, now]]];
    case 'put': {
      const written = [JSON.stringify(op.value), op.expiresAt ?? null, op.commits ? [...op.commits] : null];
      return op.version === null
        ? [
            lockAddress,
            [
              `INSERT INTO kumo_documents AS d (partition, key, version, value, expires_at, commits) VALUES ($1, $2, 1, $3, $4, $5)
               ON CONFLICT (partition, key) DO UPDATE SET version = 1, value = EXCLUDED.value, expires_at = EXCLUDED.expires_at, commits = EXCLUDED.commits, updated_at = now()
               WHERE d.expires_at <= $6 RETURNING 1`,
              [...address, ...written, now],
            ],
          ]
        : [
            [
              `UPDATE kumo_documents SET version = version + 1, value = $4, expires_at = $5, commits = $6, updated_at = now()
               WHERE partition = $1 AND key = $2 AND version = $3 AND ${live('$7')} RETURNING 1`,
              [...address, op.version, ...written, now],
            ],
          ];
    }
    case 'delete':
      return [[`DELETE FROM kumo_documents WHERE partition = $1 AND key = $2 AND version = $3 AND ${live('$4')} RETURNING 1`, [...address, op.version, now]]];
  }
}

/** The statement that takes the transaction-scoped advisory lock on a document's address. */
function lockStatement(partition: string, key: string): [string, unknown[]] {
  return ['SELECT pg_advisory_xact_lock(hashtextextended(length($1) || \':\' || $1 || $2, 0))', [partition, key]];
}

/** Operations in address order, so that concurrent batches take their locks in one order and do not deadlock. */
function inLockOrder(operations: readonly Operation[]): Operation[] {
  const order = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return [...operations].sort((a, b) => order(a.partition, b.partition) || order(a.key, b.key));
}

/**
 * The least string above every string that starts with `prefix`, in code point order: the prefix
 * with its last code point incremented (skipping the surrogate range). `undefined` if the last
 * code point is already the greatest.
 */
function prefixUpperBound(prefix: string): string | undefined {
  const points = Array.from(prefix);
  const last = points.pop()!.codePointAt(0)!;
  if (last === 0x10ffff) return undefined;
  const next = last + 1 === 0xd800 ? 0xe000 : last + 1;
  return points.join('') + String.fromCodePoint(next);
}
