import type { Container, JSONObject, OperationInput } from '@azure/cosmos';
import {
  assertBatchFits,
  Conflict,
  DEFAULT_PAGE_SIZE,
  InvalidCursor,
  KumoError,
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
import { cosmosCall, errorForStatus } from './cosmos-errors';
import { cosmosId } from './cosmos-ids';

/** Cosmos DB's limit on one item and on one transactional batch request (2 MiB), less room for the envelope. */
const COSMOS_PAYLOAD_BYTES = 2 * 1024 * 1024 - 16 * 1024;
/** Cosmos DB's limit on operations in one transactional batch. */
const COSMOS_BATCH_OPERATIONS = 100;

/**
 * What the Cosmos DB store can do. A transactional batch is scoped to one logical partition,
 * so transactions across partitions are not supported. A check that a document is absent costs
 * two batch operations (see `CosmosStore.commit`), which counts against the 100.
 */
export const cosmosStoreCapabilities: StoreCapabilities = {
  crossPartitionTransactions: false,
  maxTransactionItems: COSMOS_BATCH_OPERATIONS,
  maxItemBytes: COSMOS_PAYLOAD_BYTES,
  maxTransactionBytes: COSMOS_PAYLOAD_BYTES,
};

/** The container's partition key path: the store's partition is the Cosmos logical partition. */
export const COSMOS_PARTITION_KEY_PATH = '/pk';

/** One stored document as a Cosmos DB item (`_etag` and the other system properties added by Cosmos). */
interface Item {
  id: string;
  pk: string;
  key: string;
  version: number;
  value: DocValue;
  _etag?: string;
}

/**
 * Store on Azure Cosmos DB (NoSQL API) through the official `@azure/cosmos` v4 client.
 *
 * - The port's partition is the item's logical partition key (`/pk`); the key becomes the item
 *   id (escaped by `cosmosId`) and is also kept as `key`, which queries filter and order by.
 * - The port's `version` is a property of the item; concurrency is guarded by the item's
 *   `_etag` with `IfMatch` conditions: `commit` reads the current items, compares versions, then
 *   sends one transactional batch whose every write carries the ETag it read.
 * - A `check` is a replace of the item with itself under `IfMatch` (Cosmos does not enforce
 *   conditions on reads inside a batch); a check that a document is absent is a create of a
 *   placeholder that the same batch deletes (409 if the document exists). Checks run first.
 * - A failed batch (409, 412, 404) throws `Conflict`; throttling (429) is retried by the SDK
 *   honouring the service's retry-after (configure `retryOptions` on the client) and then
 *   throws `Throttled`.
 */
export class CosmosStore implements Store {
  readonly capabilities = cosmosStoreCapabilities;

  constructor(private readonly container: Container) {}

  /** Reads one document by point read. */
  async get<T extends DocValue>(partition: string, key: string): Promise<Doc<T> | undefined> {
    const item = await this.read(partition, key);
    return item && toDoc<T>(item);
  }

  /** Lists a partition in key order with `ORDER BY c.key`; the cursor wraps Cosmos's continuation token. */
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
    const continuationToken = options.cursor === undefined ? undefined : decodeCursor(options.cursor, scope);
    const page = await cosmosCall('query', () =>
      this.container.items.query<Item>(query, { partitionKey: partition, maxItemCount: limit, continuationToken }).fetchNext(),
    ).catch((error: { code?: unknown }) => {
      throw continuationToken !== undefined && error.code === 400 ? new InvalidCursor() : error;
    });
    const items = page.resources.map((item) => toDoc<T>(item));
    return page.continuationToken ? { items, cursor: encodeCursor(page.continuationToken, scope) } : { items };
  }

  /** Commits the operations as one transactional batch in their (single) partition. */
  async commit(operations: readonly Operation[]): Promise<void> {
    assertBatchFits(operations, this.capabilities);
    const partition = operations[0]?.partition;
    if (partition === undefined) return;
    const current = await Promise.all(operations.map((op) => (op.version === null ? undefined : this.read(partition, op.key))));
    const checks: OperationInput[] = [];
    const writes: OperationInput[] = [];
    operations.forEach((op, index) => {
      const found = current[index];
      if (op.version !== null && found?.version !== op.version) {
        throw new Conflict(`${op.partition}/${op.key} is at version ${found?.version ?? null}, expected ${op.version}`);
      }
      const id = cosmosId(op.key);
      const ifMatch = found?._etag;
      if (op.type === 'check') {
        if (found) checks.push({ operationType: 'Replace', partitionKey: partition, id, ifMatch, resourceBody: item(partition, op.key, found.version, found.value) });
        else checks.push(
          { operationType: 'Create', partitionKey: partition, resourceBody: item(partition, op.key, 0, {}) },
          { operationType: 'Delete', partitionKey: partition, id },
        );
      } else if (op.type === 'delete') {
        // The service honours `ifMatch` on a batch delete; the SDK's DeleteOperationInput type omits it.
        writes.push({ operationType: 'Delete', partitionKey: partition, id, ifMatch } as OperationInput);
      } else if (found) {
        writes.push({ operationType: 'Replace', partitionKey: partition, id, ifMatch, resourceBody: item(partition, op.key, found.version + 1, op.value) });
      } else {
        writes.push({ operationType: 'Create', partitionKey: partition, resourceBody: item(partition, op.key, 1, op.value) });
      }
    });
    const batch = [...checks, ...writes];
    if (batch.length > COSMOS_BATCH_OPERATIONS) {
      throw new TooLarge(`the batch needs ${batch.length} Cosmos DB operations (absence checks take two); the limit is ${COSMOS_BATCH_OPERATIONS}`);
    }
    const response = await cosmosCall('commit', () => this.container.items.batch(batch, partition));
    const failed = response.result?.find((result) => result.statusCode >= 400 && result.statusCode !== 424);
    const status = failed?.statusCode ?? response.code ?? 200;
    if (status >= 400) {
      throw errorForStatus(status, 'commit') ?? new KumoError('internal', 'backend_error', `Cosmos DB refused the batch (HTTP ${status})`, { status });
    }
  }

  private read(partition: string, key: string): Promise<Item | undefined> {
    return cosmosCall('read', async () => (await this.container.item(cosmosId(key), partition).read<Item>()).resource);
  }
}

function item(partition: string, key: string, version: number, value: DocValue): JSONObject {
  const body: Item = { id: cosmosId(key), pk: partition, key, version, value };
  return body as unknown as JSONObject;
}

function toDoc<T extends DocValue>(item: Item): Doc<T> {
  return { partition: item.pk, key: item.key, version: item.version, value: item.value as T };
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
