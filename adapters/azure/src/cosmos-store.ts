import type { Container } from '@azure/cosmos';
import {
  assertBatchFits,
  assertIncrement,
  DEFAULT_PAGE_SIZE,
  expiryField,
  InvalidCursor,
  KumoError,
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
} from '@kumo/core';
import { cosmosCall, errorForStatus, unknownOutcome } from './cosmos-errors';
import { cosmosId } from './cosmos-ids';
import { readPartition } from './cosmos-read-many';
import { incrementItem } from './cosmos-increment';
import { isLive } from './cosmos-ttl';
import { commitBatch, stateOf, type Item, type ItemState } from './cosmos-batch';
import { SeenItems } from './seen-items';
import { listCosmosPartitions } from './cosmos-partitions';
import { COSMOS_BATCH_OPERATIONS, cosmosStoreCapabilities } from './capabilities';

/** Query pages one `query` may fetch to step over expired items before it returns short. */
const MAX_QUERY_ROUNDS = 10;

/** The container's partition key path: the store's partition is the Cosmos logical partition. */
export const COSMOS_PARTITION_KEY_PATH = '/pk';

/**
 * Store on Azure Cosmos DB (NoSQL API) through the official `@azure/cosmos` v4 client.
 *
 * - The port's partition is the item's logical partition key (`/pk`); the key becomes the item
 *   id (escaped by `cosmosId`) and is also kept as `key`, which queries filter and order by.
 * - The port's `version` is a property of the item; concurrency is guarded by the item's
 *   `_etag` with `IfMatch` conditions: `commit` takes each item's ETag from the store's last read
 *   of it (`SeenItems`) or reads it, fails with `Conflict` at once if a version (or an absence)
 *   does not hold, else sends one transactional batch whose every write carries that ETag (or
 *   must create the item).
 * - `getMany` reads a partition's documents in one transactional batch of `Read` operations
 *   (cosmos-read-many.ts): one request where parallel point reads took one each.
 * - A `check` is a patch of the item's `version` to itself under `IfMatch` (Cosmos does not
 *   enforce conditions on reads inside a batch, azure-cosmos-dotnet-v3#1581), a check of presence
 *   only a read (404 if gone); a check that a document is absent is a create of a placeholder that
 *   the same batch deletes (409 if it exists).
 * - The store keeps the version and ETag of each item it last read or wrote (`SeenItems`), never
 *   its value: documents read are handed out as they came, and a commit asks Cosmos DB not to send
 *   written items back (each operation's result still carries the new ETag).
 * - The batch (cosmos-batch.ts) lists the `IfMatch` operations first, then absence checks, then
 *   creates, so that it fails on its most contended condition first. Cosmos DB runs the batch
 *   atomically, so the order changes nothing else (cosmosdb-server does not: see
 *   test/cosmos-store.test.ts).
 * - A failed batch (409, 412, 404) throws `Conflict`; throttling (429) is retried by the SDK
 *   honouring the service's retry-after (policy set in `cosmosContainer`) and then
 *   throws `Throttled`. A batch that got no answer (timeout, dropped connection, 408, 449, 5xx)
 *   may have landed: `CommitUnknown`, which core resolves from the commit trail each write stores
 *   as `commits` (a check, which patches only `version`, keeps the item's trail).
 * - Expiry: see cosmos-ttl.ts. An expired item is absent for reads and the version check; a
 *   write over it replaces it under its ETag (it still exists until Cosmos DB removes it), with
 *   the write's own trail. A check keeps the item's expiry (and counts its `ttl` again).
 */
export class CosmosStore implements Store {
  readonly capabilities = cosmosStoreCapabilities;
  private readonly seen = new SeenItems<ItemState>();

  constructor(
    private readonly container: Container,
    private readonly clock: Clock = systemClock,
  ) {}

  /** Reads one document by point read (and remembers its ETag for the commit). */
  async get<T extends DocValue>(partition: string, key: string): Promise<Doc<T> | undefined> {
    const item = await this.read(partition, key);
    if (item) this.seen.remember(partition, key, stateOf(item));
    else this.seen.forget(partition, key);
    return item && isLive(item, this.clock.now()) ? toDoc<T>(item) : undefined;
  }

  /**
   * Reads several documents, one transactional batch of reads per logical partition (see
   * cosmos-read-many.ts), and remembers their ETags for the commit as `get` does.
   */
  async getMany<T extends DocValue>(addresses: readonly DocAddress[]): Promise<Array<Doc<T> | undefined>> {
    const byPartition = new Map<string, number[]>();
    addresses.forEach(({ partition }, index) => {
      const indexes = byPartition.get(partition);
      if (indexes) indexes.push(index);
      else byPartition.set(partition, [index]);
    });
    const items = new Array<Item | undefined>(addresses.length);
    await Promise.all(
      [...byPartition].map(async ([partition, indexes]) => {
        const keys = indexes.map((index) => addresses[index]!.key);
        const found = await readPartition(this.container, partition, keys, COSMOS_BATCH_OPERATIONS, (at, key) => this.read(at, key));
        indexes.forEach((index, position) => (items[index] = found[position]));
      }),
    );
    const now = this.clock.now();
    return addresses.map(({ partition, key }, index) => {
      const item = items[index];
      if (item) this.seen.remember(partition, key, stateOf(item));
      else this.seen.forget(partition, key);
      return item && isLive(item, now) ? toDoc<T>(item) : undefined;
    });
  }

  /** Adds to a number in one patch (`incr`), conflict-free (see cosmos-increment.ts). */
  async increment(partition: string, key: string, field: string, amount: number): Promise<number> {
    assertIncrement(this.capabilities, field, amount);
    return incrementItem(this.container, { partition, key, field, amount, now: this.clock.now() }, (item) => {
      if (item) this.seen.remember(partition, key, stateOf(item));
      else this.seen.forget(partition, key);
    });
  }

  /**
   * Lists a partition in key order with `ORDER BY c.key`; the cursor wraps Cosmos's continuation
   * token. Expired items are dropped here rather than in the SQL, so a continuation token never
   * depends on the time: a page asks Cosmos for as many items as it still lacks, at most
   * `MAX_QUERY_ROUNDS` times, and may return short with a cursor.
   */
  async query<T extends DocValue>(partition: string, options: QueryOptions = {}): Promise<Page<T>> {
    const limit = Math.min(Math.max(options.limit ?? DEFAULT_PAGE_SIZE, 1), MAX_PAGE_SIZE);
    const query = {
      query: `SELECT * FROM c WHERE c.pk = @pk AND STARTSWITH(c.key, @prefix) ORDER BY c.key ${options.reverse ? 'DESC' : 'ASC'}`,
      parameters: [
        { name: '@pk', value: partition },
        { name: '@prefix', value: options.prefix ?? '' },
      ],
    };
    const scope = `${options.reverse ? 'desc' : 'asc'}:${options.prefix ?? ''}`;
    let continuationToken = options.cursor === undefined ? undefined : decodeCursor(options.cursor, scope);
    const now = this.clock.now();
    const items: Doc<T>[] = [];
    for (let round = 0; round < MAX_QUERY_ROUNDS && items.length < limit; round++) {
      const page = await this.fetchPage(query, partition, limit - items.length, continuationToken);
      for (const found of page.resources) this.seen.remember(partition, found.key, stateOf(found));
      items.push(...page.resources.filter((found) => isLive(found, now)).map((found) => toDoc<T>(found)));
      continuationToken = page.continuationToken;
      if (!continuationToken) break;
    }
    return continuationToken ? { items, cursor: encodeCursor(continuationToken, scope) } : { items };
  }

  /** Lists the container's logical partitions (see cosmos-partitions.ts). */
  listPartitions(options: ListPartitionsOptions = {}): Promise<PartitionPage> {
    return listCosmosPartitions(this.container, this.clock.now(), options, this.capabilities);
  }

  /**
   * Commits the operations as one transactional batch in their (single) partition (see
   * cosmos-batch.ts). Cosmos DB is asked not to send the written items back: the store keeps
   * their version and the ETag each operation's result carries.
   */
  async commit(operations: readonly Operation[]): Promise<void> {
    assertBatchFits(operations, this.capabilities);
    const partition = operations[0]?.partition;
    if (partition === undefined) return;
    const batch = commitBatch(partition, operations, await this.current(partition, operations), this.clock.now());
    const inputs = batch.map((entry) => entry.input);
    const response = await cosmosCall('commit', () => this.container.items.batch(inputs, partition, { contentResponseOnWriteEnabled: false })).catch((error: unknown) => {
      for (const entry of batch) this.seen.forget(partition, entry.key);
      throw unknownOutcome(error) ?? error;
    });
    const failed = response.result?.find((result) => result.statusCode >= 400 && result.statusCode !== 424);
    const status = failed?.statusCode ?? response.code ?? 200;
    batch.forEach((entry, index) => {
      const eTag = response.result?.[index]?.eTag;
      if (status < 400 && entry.after && eTag) this.seen.remember(partition, entry.key, { ...entry.after, _etag: eTag });
      else this.seen.forget(partition, entry.key);
    });
    if (status >= 400) {
      throw errorForStatus(status, 'commit') ?? unknownOutcome({ code: status }) ?? new KumoError('internal', 'backend_error', `Cosmos DB refused the batch (HTTP ${status})`, { status });
    }
  }

  /**
   * The batch's documents as they are now. A versioned document whose ETag this store saw at the
   * expected version (its transaction just read it) is not read again: the batch's `IfMatch` is
   * the check. A put expected absent is not read either: it goes as a create, which fails (409) if
   * the item exists, unless this store saw the item (an expired one, replaced under its ETag). An
   * absence check is read, failing early if taken.
   */
  private async current(partition: string, operations: readonly Operation[]): Promise<Map<string, ItemState>> {
    const states = new Map<string, ItemState>();
    const reads: Array<Promise<void>> = [];
    for (const op of operations) {
      const seen = this.seen.get(partition, op.key);
      if ((op.type === 'put' && op.version === null) || seen?.version === op.version) {
        if (seen) states.set(op.key, seen);
      } else reads.push(this.read(partition, op.key).then((item) => void (item && states.set(op.key, item))));
    }
    if (reads.length > 0) await Promise.all(reads);
    return states;
  }

  private fetchPage(query: { query: string; parameters: Array<{ name: string; value: string }> }, partition: string, maxItemCount: number, continuationToken: string | undefined) {
    return cosmosCall('query', () => this.container.items.query<Item>(query, { partitionKey: partition, maxItemCount, continuationToken }).fetchNext()).catch(
      (error: { code?: unknown }) => {
        throw continuationToken !== undefined && error.code === 400 ? new InvalidCursor() : error;
      },
    );
  }

  private read(partition: string, key: string): Promise<Item | undefined> {
    return cosmosCall('read', async () => (await this.container.item(cosmosId(key), partition).read<Item>()).resource);
  }
}

/** The document of an item read (the store keeps none of it but its `ItemState`, so the caller may change it). */
function toDoc<T extends DocValue>(item: Item): Doc<T> {
  return { partition: item.pk, key: item.key, version: item.version, value: item.value as T, ...expiryField(item.exp), ...(item.commits ? { commits: item.commits } : {}) };
}

/** The cursor: Cosmos's continuation token with the query it belongs to (order and prefix). */
function encodeCursor(token: string, scope: string): string {
  return Buffer.from(JSON.stringify({ token, scope }), 'utf8').toString('base64url');
}

function decodeCursor(cursor: string, scope: string): string {
  let decoded: { token?: unknown; scope?: unknown } | undefined;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursor();
  }
  if (typeof decoded?.token !== 'string' || decoded.scope !== scope || !/^[\x20-\x7e]+$/.test(decoded.token)) throw new InvalidCursor();
  return decoded.token;
}
