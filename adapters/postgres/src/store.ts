import {
  assertBatchFits,
  Conflict,
  DEFAULT_PAGE_SIZE,
  MAX_PAGE_SIZE,
  TooLarge,
  type Doc,
  type DocValue,
  type Operation,
  type Page,
  type QueryOptions,
  type Store,
  type StoreCapabilities,
} from '@kumo/core';
import type { Database, Sql } from './database';
import { translateSqlError } from './sql-errors';

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
};

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
 * `query` pages by keyset on the primary key: a page is one index range scan, whatever its depth.
 */
export class PostgresStore implements Store {
  constructor(
    private readonly db: Database,
    readonly capabilities: StoreCapabilities = postgresStoreCapabilities,
  ) {}

  /** Reads one document. */
  async get<T extends DocValue>(partition: string, key: string): Promise<Doc<T> | undefined> {
    const { rows } = await this.db.query<{ version: number; value: T }>(
      'SELECT version, value FROM kumo_documents WHERE partition = $1 AND key = $2',
      [partition, key],
    );
    const row = rows[0];
    return row && { partition, key, version: row.version, value: row.value };
  }

  /** Lists a partition in key order, a page at a time (the cursor is the last key returned). */
  async query<T extends DocValue>(partition: string, options: QueryOptions = {}): Promise<Page<T>> {
    const limit = Math.max(1, Math.min(options.limit ?? DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE));
    const params: unknown[] = [partition];
    const where = ['partition = $1'];
    const bind = (value: unknown) => `$${params.push(value)}`;
    if (options.prefix) {
      const upper = prefixUpperBound(options.prefix);
      where.push(`key >= ${bind(options.prefix)}`, upper === undefined ? `starts_with(key, ${bind(options.prefix)})` : `key < ${bind(upper)}`);
    }
    if (options.cursor !== undefined) where.push(`key ${options.reverse ? '<' : '>'} ${bind(options.cursor)}`);
    const { rows } = await this.db.query<{ key: string; version: number; value: T }>(
      `SELECT key, version, value FROM kumo_documents WHERE ${where.join(' AND ')} ORDER BY key ${options.reverse ? 'DESC' : 'ASC'} LIMIT ${bind(limit + 1)}`,
      params,
    );
    const items = rows.slice(0, limit).map((row) => ({ partition, key: row.key, version: row.version, value: row.value }));
    return rows.length > limit ? { items, cursor: items.at(-1)!.key } : { items };
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
    try {
      await this.db.transaction(async (tx) => {
        for (const op of inLockOrder(operations)) {
          let rows: unknown[] = [];
          for (const [text, params] of statements(op)) ({ rows } = await tx.query(text, params));
          if (rows.length !== 1) throw new Conflict(`postgres: ${op.partition}/${op.key} is not at version ${op.version}`);
        }
        await alongside?.(tx);
      });
    } catch (error) {
      throw translateSqlError(error);
    }
  }
}

/**
 * The statements of one operation; the last returns one row exactly when its condition holds.
 * Creating a document and checking that one is absent first take a transaction-scoped advisory
 * lock on its address (an absent row cannot be locked), in a statement of its own, so that the
 * check that follows reads after whoever held the lock committed.
 */
function statements(op: Operation): Array<[string, unknown[]]> {
  const address = [op.partition, op.key];
  const lockAddress: [string, unknown[]] = ['SELECT pg_advisory_xact_lock(hashtextextended(length($1) || \':\' || $1 || $2, 0))', address];
  switch (op.type) {
    case 'check':
      return op.version === null
        ? [lockAddress, ['SELECT 1 WHERE NOT EXISTS (SELECT 1 FROM kumo_documents WHERE partition = $1 AND key = $2)', address]]
        : [['SELECT 1 FROM kumo_documents WHERE partition = $1 AND key = $2 AND version = $3 FOR SHARE', [...address, op.version]]];
    case 'put':
      return op.version === null
        ? [lockAddress, ['INSERT INTO kumo_documents (partition, key, version, value) VALUES ($1, $2, 1, $3) ON CONFLICT DO NOTHING RETURNING 1', [...address, JSON.stringify(op.value)]]]
        : [
            [
              'UPDATE kumo_documents SET version = version + 1, value = $4, updated_at = now() WHERE partition = $1 AND key = $2 AND version = $3 RETURNING 1',
              [...address, op.version, JSON.stringify(op.value)],
            ],
          ];
    case 'delete':
      return [['DELETE FROM kumo_documents WHERE partition = $1 AND key = $2 AND version = $3 RETURNING 1', [...address, op.version]]];
  }
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
