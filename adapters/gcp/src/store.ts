import { Datastore, PropertyFilter, type Key, type Query } from '@google-cloud/datastore';
import {
  decodeKeyCursor,
  encodeKeyCursor,
  assertBatchFits,
  CommitUnknown,
  Conflict,
  DEFAULT_PAGE_SIZE,
  expiryField,
  isExpired,
  MAX_PAGE_SIZE,
  systemClock,
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
  Unsupported,
} from '@kumo/core';
import { DOC_KIND, keyName, PARTITION_KIND, prefixSuccessor, rawKey } from './datastore-keys';
import { GRPC, grpcCode, OUTCOME_UNKNOWN_CODES, readWithRetry, retryThrottled } from './grpc-errors';
import { sweepExpired } from './store-sweeper';
import { DATASTORE_LISTING_SEGMENTS, listDatastorePartitions } from './store-partitions';

/**
 * Limits of Firestore in Datastore mode, as the port counts them:
 * - 500 operations per batch: a commit takes at most 500 mutations (checks are reads and cost
 *   none, so counting them too stays on the safe side).
 * - An entity is at most 1,048,572 bytes including its key (project, namespace, two path
 *   elements of up to 1,500 bytes each) and property names; 8 KiB are kept for those, the rest
 *   is the document's JSON.
 * - A commit request is at most 10 MiB; 8 MiB of documents leaves room for 500 keys.
 * - Transactions may span partitions (entity groups). Firestore in Datastore mode has no
 *   entity-group count limit and no 1 write/s per group; legacy Cloud Datastore and the
 *   Datastore emulator allow 25 groups (partitions) per transaction. A transaction may last
 *   270 s and sit idle at most 60 s.
 */
export const datastoreStoreCapabilities: StoreCapabilities = {
  crossPartitionTransactions: true,
  maxTransactionItems: 500,
  maxItemBytes: 1_048_572 - 8 * 1024,
  maxTransactionBytes: 8 * 1024 * 1024,
  ttl: true,
  partitionListing: { maxSegments: DATASTORE_LISTING_SEGMENTS },
  checkWrites: false,
  idempotentSingleWrites: false,
};

/** Query rounds one page may take to step over expired documents before it returns short. */
const MAX_QUERY_ROUNDS = 10;

/** Connection settings of the Datastore store. */
export interface DatastoreStoreOptions {
  projectId: string;
  /** `host:port` of an emulator, or a regional endpoint; default: the public endpoint. */
  apiEndpoint?: string;
  /** Datastore namespace: isolates one deployment (or test run) from another. */
  namespace?: string;
  /** Named database; default: the project's `(default)` database. */
  databaseId?: string;
  /** Clock that judges expiry (default: the system clock). */
  clock?: Clock;
}

/**
 * What a document entity holds: the JSON text, its version and its commit trail (none indexed)
 * and, if it expires, `exp` (indexed, for the sweeper).
 */
interface DocEntity {
  json: string;
  version: number;
  commits?: string[];
  exp?: number;
}

/**
 * Store on Firestore in Datastore mode.
 *
 * Partitions are entity groups: a document's key is `KumoPartition/<partition>/KumoDoc/<key>`,
 * so a partition is one ancestor key. That makes `query` an ancestor query — strongly
 * consistent even on legacy Cloud Datastore, and a plain key range (`__key__` between the
 * prefix and its successor) under one parent — and keeps a partition's documents together.
 * A key prefix on a flat kind (`<partition>|<key>` as a root key name) was the alternative; it
 * makes every document its own entity group, so a batch of 500 documents of one partition would
 * span 500 groups, which legacy Datastore (and its emulator) refuses past 25. Firestore in
 * Datastore mode locks per document, so entity groups cost nothing there; on the emulator,
 * which keeps the legacy rules, concurrent writes to one partition contend as a group.
 *
 * A document is stored as its JSON text in an unindexed string property (Datastore indexes
 * strings only up to 1,500 bytes, and documents are read by key, never by field) next to an
 * unindexed integer `version` and the commit trail `commits` (an unindexed string array).
 * `commit` runs in one Datastore transaction: one batched lookup
 * of every key the batch names (which begins the transaction), a version comparison, the upserts
 * and deletes, commit: two calls. A
 * failed comparison, or ABORTED (contention: another transaction touched the same entities),
 * is a `Conflict`; RESOURCE_EXHAUSTED is retried and then `Throttled`; legacy Datastore's
 * "too many entity groups" is `Unsupported` (nothing was written). A commit call that fails
 * without an answer (DEADLINE_EXCEEDED, UNAVAILABLE, INTERNAL, UNKNOWN, CANCELLED) may have
 * landed: `CommitUnknown`, which core resolves from the commit trail.
 *
 * Expiry: Datastore has no TTL. An expiring document carries an indexed integer `exp` (epoch ms
 * of the store's Clock); reads and the commit's version comparison treat it as absent from then
 * on, queries step over it, and `sweepExpired` (store-sweeper.ts; core's `kumo-store-sweep` job,
 * sent on a schedule by the deployment) deletes it. A put over an expired entity replaces its
 * trail and expiry with the put's own.
 */
export class DatastoreStore implements Store {
  readonly capabilities = datastoreStoreCapabilities;
  readonly datastore: Datastore;
  private readonly clock: Clock;

  constructor(options: DatastoreStoreOptions) {
    this.clock = options.clock ?? systemClock;
    this.datastore = new Datastore({
      projectId: options.projectId,
      apiEndpoint: options.apiEndpoint,
      namespace: options.namespace,
      databaseId: options.databaseId,
    });
  }

  /** Reads one document by key (a strongly consistent lookup). */
  async get<T extends DocValue>(partition: string, key: string): Promise<Doc<T> | undefined> {
    const [entity] = await readWithRetry(() => this.datastore.get(this.docKey(partition, key)));
    return entity && this.isLive(entity) ? toDoc<T>(partition, key, entity) : undefined;
  }

  /** Reads several documents with one lookup (strongly consistent), in the order asked. */
  async getMany<T extends DocValue>(addresses: readonly DocAddress[]): Promise<Array<Doc<T> | undefined>> {
    if (addresses.length === 0) return [];
    const keys = addresses.map(({ partition, key }) => this.docKey(partition, key));
    const [entities] = await readWithRetry(() => this.datastore.get(keys));
    const found = new Map((entities as object[]).map((entity) => [addressOf(keyOf(entity)), entity]));
    return addresses.map(({ partition, key }, i) => {
      const entity = found.get(addressOf(keys[i]!));
      return entity && this.isLive(entity) ? toDoc<T>(partition, key, entity) : undefined;
    });
  }

  /** Deletes a batch of expired documents (see store-sweeper.ts); returns how many. */
  sweepExpired(): Promise<number> {
    return sweepExpired(this.datastore, this.clock.now());
  }

  /** Lists the namespace's partitions (see store-partitions.ts). */
  listPartitions(options: ListPartitionsOptions = {}): Promise<PartitionPage> {
    return listDatastorePartitions(this.datastore, options, this.capabilities);
  }

  /**
   * Lists a partition in key order: an ancestor query over a key range, resumed after the
   * cursor's key, stepping over expired documents (at most `MAX_QUERY_ROUNDS` queries a page).
   */
  async query<T extends DocValue>(partition: string, options: QueryOptions = {}): Promise<Page<T>> {
    const limit = Math.max(1, Math.min(options.limit ?? DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE));
    const items: Doc<T>[] = [];
    let after = options.cursor === undefined ? undefined : decodeKeyCursor(options.cursor);
    for (let round = 0; round < MAX_QUERY_ROUNDS; round++) {
      const entities = await readWithRetry(() => this.runQuery(this.rangeQuery(partition, options, after, limit + 1)));
      for (const entity of entities) {
        const key = rawKey(keyOf(entity).name!);
        if (items.length === limit) return { items, cursor: encodeKeyCursor(items.at(-1)!.key) };
        if (this.isLive(entity)) items.push(toDoc<T>(partition, key, entity));
        after = key;
      }
      if (entities.length <= limit) return { items };
    }
    return { items, cursor: encodeKeyCursor(after!) };
  }

  /** Applies the batch in one Datastore transaction, or nothing (see the class comment). */
  async commit(operations: readonly Operation[]): Promise<void> {
    assertBatchFits(operations, this.capabilities);
    if (operations.length === 0) return;
    const keys = operations.map((op) => this.docKey(op.partition, op.key));
    await retryThrottled(() => this.commitOnce(operations, keys));
  }

  /** Closes the gRPC channels the client opened. */
  async close(): Promise<void> {
    await Promise.all([...this.datastore.clients_.values()].map((client) => client.close()));
  }

  private async commitOnce(operations: readonly Operation[], keys: Key[]): Promise<void> {
    const transaction = this.datastore.transaction();
    let open = false;
    try {
      // No `run()`: the lookup begins the transaction (`newTransaction`), one call fewer.
      const [entities] = await transaction.get(keys);
      open = true;
      const versions = new Map<string, number>();
      for (const entity of entities as DocEntity[]) if (this.isLive(entity)) versions.set(addressOf(keyOf(entity)), entity.version);
      for (const [i, op] of operations.entries()) {
        const current = versions.get(addressOf(keys[i]!)) ?? null;
        if (current !== op.version) throw new Conflict(`${op.partition}/${op.key} is at version ${current}, expected ${op.version}`);
      }
      for (const [i, op] of operations.entries()) {
        if (op.type === 'put') transaction.upsert(this.docEntity(keys[i]!, op));
        else if (op.type === 'delete') transaction.delete(keys[i]!);
      }
      await transaction.commit().catch((error: unknown) => {
        const code = grpcCode(error);
        throw code !== undefined && OUTCOME_UNKNOWN_CODES.has(code) ? new CommitUnknown('Datastore gave no answer to a commit', { cause: String(error) }) : error;
      });
      open = false;
    } catch (error) {
      if (open) await transaction.rollback().catch(() => undefined);
      if (grpcCode(error) === GRPC.ABORTED) throw new Conflict('Datastore aborted the transaction (contention)', { cause: String(error) });
      if (grpcCode(error) === GRPC.INVALID_ARGUMENT && /too many entity groups/.test(String(error))) {
        throw new Unsupported('this Datastore allows at most 25 partitions (entity groups) per transaction', { cause: String(error) });
      }
      throw error;
    }
  }

  private docEntity(key: Key, op: Extract<Operation, { type: 'put' }>) {
    const data: DocEntity = {
      json: JSON.stringify(op.value),
      version: (op.version ?? 0) + 1,
      ...(op.commits ? { commits: [...op.commits] } : {}),
      ...(op.expiresAt === undefined ? {} : { exp: op.expiresAt }),
    };
    return { key, data, excludeFromIndexes: ['json', 'version', 'commits[]'] };
  }

  /**
   * Runs a query in a read-only transaction (begun by the query itself) and rolls it back. The
   * Datastore emulator runs a plain ancestor query in a transaction of its own that it never
   * ends: each one stays live for about a minute holding a snapshot of the partition, so under
   * steady queries on large partitions its heap filled (2.8 million entity copies behind 660 live
   * transactions after 5,000 soak actions) and every call slowed in garbage collection. Strongly
   * consistent either way; on the service it costs the rollback call.
   */
  private async runQuery(query: Query): Promise<object[]> {
    const transaction = this.datastore.transaction({ readOnly: true });
    try {
      const [entities] = await transaction.runQuery(query);
      return entities;
    } finally {
      await transaction.rollback().catch(() => undefined);
    }
  }

  /** An ancestor query over the partition's key range after `after`, in the asked order. */
  private rangeQuery(partition: string, options: QueryOptions, after: string | undefined, limit: number) {
    const prefix = options.prefix ?? '';
    const successor = prefixSuccessor(prefix);
    let query = this.datastore
      .createQuery(DOC_KIND)
      .hasAncestor(this.partitionKey(partition))
      .order('__key__', { descending: options.reverse ?? false })
      .limit(limit);
    const lower = !options.reverse && after !== undefined ? { op: '>' as const, key: after } : { op: '>=' as const, key: prefix };
    query = query.filter(new PropertyFilter('__key__', lower.op, this.docKey(partition, lower.key)));
    if (options.reverse && after !== undefined) query = query.filter(new PropertyFilter('__key__', '<', this.docKey(partition, after)));
    else if (successor !== undefined) query = query.filter(new PropertyFilter('__key__', '<', this.docKey(partition, successor)));
    return query;
  }

  private isLive(entity: object): boolean {
    return !isExpired((entity as DocEntity).exp, this.clock.now());
  }

  private partitionKey(partition: string): Key {
    return this.datastore.key([PARTITION_KIND, keyName(partition)]);
  }

  private docKey(partition: string, key: string): Key {
    return this.datastore.key([PARTITION_KIND, keyName(partition), DOC_KIND, keyName(key)]);
  }
}

function keyOf(entity: object): Key {
  return (entity as Record<symbol, Key>)[Datastore.KEY]!;
}

function addressOf(key: Key): string {
  return JSON.stringify(key.path);
}

function toDoc<T extends DocValue>(partition: string, key: string, entity: object): Doc<T> {
  const { json, version, commits, exp } = entity as DocEntity;
  return {
    partition,
    key,
    version: Number(version),
    value: JSON.parse(json) as T,
    ...expiryField(exp === undefined ? undefined : Number(exp)),
    ...(commits ? { commits } : {}),
  };
}
