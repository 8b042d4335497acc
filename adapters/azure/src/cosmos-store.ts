import type { Container, JSONObject, OperationInput } from '@azure/cosmos';
import {
  assertBatchFits,
  assertIncrement,
  Conflict,
  DEFAULT_PAGE_SIZE,
  expiryField,
  InvalidCursor,
  KumoError,
  MAX_PAGE_SIZE,
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
} from '@kumo/core';
import { cosmosCall, errorForStatus, unknownOutcome } from './cosmos-errors';
import { cosmosId } from './cosmos-ids';
import { readPartition } from './cosmos-read-many';
import { incrementItem } from './cosmos-increment';
import { expiryProperties, isLive, type ExpiryProperties } from './cosmos-ttl';
import { SeenItems } from './seen-items';
import { listCosmosPartitions } from './cosmos-partitions';
import { COSMOS_BATCH_OPERATIONS, cosmosStoreCapabilities } from './capabilities';

/** Query pages one `query` may fetch to step over expired items before it returns short. */
const MAX_QUERY_ROUNDS = 10;

/** The container's partition key path: the store's partition is the Cosmos logical partition. */
export const COSMOS_PARTITION_KEY_PATH = '/pk';

/** One operation of the transactional batch and the store key it is about. */
interface BatchEntry {
  key: string;
  input: OperationInput;
}

/** One stored document as a Cosmos DB item (`_etag` and the other system properties added by Cosmos). */
interface Item extends ExpiryProperties {
  id: string;
  pk: string;
  key: string;
  version: number;
  value: DocValue;
  /** The commit trail (see the Store port), absent if none. */
  commits?: string[];
  _etag?: string;
}

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
 * - A `check` is a replace of the item with itself under `IfMatch` (Cosmos does not enforce
 *   conditions on reads inside a batch, azure-cosmos-dotnet-v3#1581); a check that a document is
 *   absent is a create of a placeholder that the same batch deletes (409 if it exists).
 * - The batch lists the `IfMatch` operations first, then absence checks, then creates, so that it
 *   fails on its most contended condition first. Cosmos DB runs the batch atomically, so the
 *   order changes nothing else (cosmosdb-server does not: see test/cosmos-store.test.ts).
 * - A failed batch (409, 412, 404) throws `Conflict`; throttling (429) is retried by the SDK
 *   honouring the service's retry-after (policy set in `cosmosContainer`) and then
 *   throws `Throttled`. A batch that got no answer (timeout, dropped connection, 408, 449, 5xx)
 *   may have landed: `CommitUnknown`, which core resolves from the commit trail each write stores
 *   as `commits` (a check, which replaces the item with itself, keeps the item's trail).
 * - Expiry: see cosmos-ttl.ts. An expired item is absent for reads and the version check; a
 *   write over it replaces it under its ETag (it still exists until Cosmos DB removes it), with
 *   the write's own trail. A check replaces an item with itself, trail and expiry included.
 */
export class CosmosStore implements Store {
  readonly capabilities = cosmosStoreCapabilities;
  private readonly seen = new SeenItems<Item>();

  constructor(
    private readonly container: Container,
    private readonly clock: Clock = systemClock,
  ) {}

  /** Reads one document by point read (and remembers its ETag for the commit). */
  async get<T extends DocValue>(partition: string, key: string): Promise<Doc<T> | undefined> {
    const item = await this.read(partition, key);
    if (item) this.seen.remember(partition, key, item);
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
      if (item) this.seen.remember(partition, key, item);
      else this.seen.forget(partition, key);
      return item && isLive(item, now) ? toDoc<T>(item) : undefined;
    });
  }

  /** Adds to a number in one patch (`incr`), conflict-free (see cosmos-increment.ts). */
  async increment(partition: string, key: string, field: string, amount: number): Promise<number> {
    assertIncrement(this.capabilities, field, amount);
    return incrementItem(this.container, { partition, key, field, amount, now: this.clock.now() }, (item) => {
      if (item) this.seen.remember(partition, key, item as Item);
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
      for (const found of page.resources) this.seen.remember(partition, found.key, found);
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

  /** Commits the operations as one transactional batch in their (single) partition. */
  async commit(operations: readonly Operation[]): Promise<void> {
    assertBatchFits(operations, this.capabilities);
    const partition = operations[0]?.partition;
    if (partition === undefined) return;
    const current = await this.current(partition, operations);
    const now = this.clock.now();
    const conditioned: BatchEntry[] = [];
    const absent: BatchEntry[] = [];
    const creates: BatchEntry[] = [];
    for (const op of operations) {
      const found = current.get(op.key);
      const version = found && isLive(found, now) ? found.version : null;
      if (version !== op.version) {
        throw new Conflict(`${op.partition}/${op.key} is at version ${version}, expected ${op.version}`);
      }
      const id = cosmosId(op.key);
      const ifMatch = found?._etag;
      const key = op.key;
      if (op.type === 'delete') {
        // The service honours `ifMatch` on a batch delete; the SDK's DeleteOperationInput type omits it.
        conditioned.push({ key, input: { operationType: 'Delete', partitionKey: partition, id, ifMatch } as OperationInput });
      } else if (found) {
        // A live document, or an expired one that still exists: replaced under its ETag either way.
        const [version, value, expiresAt, commits] =
          op.type === 'check' ? [found.version, found.value, found.exp, found.commits] : [(op.version ?? 0) + 1, op.value, op.expiresAt, op.commits];
        const body = { ...item(partition, key, version, value, commits), ...expiryProperties(expiresAt, now) };
        conditioned.push({ key, input: { operationType: 'Replace', partitionKey: partition, id, ifMatch, resourceBody: cosmosBody(body) } });
      } else if (op.type === 'check') {
        absent.push(
          { key, input: { operationType: 'Create', partitionKey: partition, resourceBody: cosmosBody(item(partition, key, 0, {})) } },
          { key, input: { operationType: 'Delete', partitionKey: partition, id } },
        );
      } else {
        const body = { ...item(partition, key, 1, op.value, op.commits), ...expiryProperties(op.expiresAt, now) };
        creates.push({ key, input: { operationType: 'Create', partitionKey: partition, resourceBody: cosmosBody(body) } });
      }
    }
    const batch = [...conditioned, ...absent, ...creates];
    if (batch.length > COSMOS_BATCH_OPERATIONS) {
      throw new TooLarge(`the batch needs ${batch.length} Cosmos DB operations (absence checks take two); the limit is ${COSMOS_BATCH_OPERATIONS}`);
    }
    const response = await cosmosCall('commit', () => this.container.items.batch(batch.map((entry) => entry.input), partition)).catch((error: unknown) => {
      for (const entry of batch) this.seen.forget(partition, entry.key);
      throw unknownOutcome(error) ?? error;
    });
    const failed = response.result?.find((result) => result.statusCode >= 400 && result.statusCode !== 424);
    const status = failed?.statusCode ?? response.code ?? 200;
    batch.forEach((entry, index) => {
      const body = response.result?.[index]?.resourceBody as Item | undefined;
      if (status < 400 && entry.input.operationType !== 'Delete' && body?.version) this.seen.remember(partition, entry.key, body);
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
  private async current(partition: string, operations: readonly Operation[]): Promise<Map<string, Item>> {
    const found = await Promise.all(
      operations.map((op) => {
        if (op.type === 'put' && op.version === null) return this.seen.get(partition, op.key);
        const seen = op.version === null ? undefined : this.seen.get(partition, op.key);
        return seen?.version === op.version ? seen : this.read(partition, op.key);
      }),
    );
    return new Map(found.flatMap((item) => (item ? [[item.key, item] as const] : [])));
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

function item(partition: string, key: string, version: number, value: DocValue, commits?: readonly string[]): Item {
  return { id: cosmosId(key), pk: partition, key, version, value, ...(commits ? { commits: [...commits] } : {}) };
}

function cosmosBody(item: Item): JSONObject {
  return item as unknown as JSONObject;
}

/**
 * The document of an item, with its own copy of the value: the item may be the one `SeenItems`
 * keeps, whose value a later check writes back, so a caller that changes what it read must not
 * change that.
 */
function toDoc<T extends DocValue>(item: Item): Doc<T> {
  const value = structuredClone(item.value) as T;
  return { partition: item.pk, key: item.key, version: item.version, value, ...expiryField(item.exp), ...(item.commits ? { commits: [...item.commits] } : {}) };
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
