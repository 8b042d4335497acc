import { randomUUID } from 'node:crypto';
import { DeleteItemCommand, GetItemCommand, PutItemCommand, QueryCommand, TransactWriteItemsCommand, type DynamoDBClient, type TransactWriteItem } from '@aws-sdk/client-dynamodb';
import {
  assertBatchFits,
  assertDocumentsFit,
  assertIncrement,
  Conflict,
  DEFAULT_PAGE_SIZE,
  decodeKeyCursor,
  encodeKeyCursor,
  MAX_PAGE_SIZE,
  systemClock,
  TooLarge,
  type Clock,
  Unsupported,
  type Doc,
  type DocAddress,
  type DocValue,
  type ListPartitionsOptions,
  type NewDoc,
  type Operation,
  type PartitionPage,
  type Page,
  type QueryOptions,
  type Store,
} from '@kumo/core';
import { batchGetItems, itemAt } from './store-batch-get';
import { batchPutItems } from './store-batch-write';
import { callDynamo } from './store-errors';
import { incrementItem } from './store-increment';
import { settleCommitFailure } from './store-outcome';
import { dynamoStoreCapabilities } from './capabilities';
import { scanPartitions } from './store-scan';
import { commitsOf, keyOf, numberValue, putItemOf, valueOf, type Item } from './store-item';
import { conditionOf, LIVE_FILTER, liveExpiry } from './store-ttl';

/** Options of `DynamoStore`. */
export interface DynamoStoreOptions {
  client: DynamoDBClient;
  tableName: string;
  /** Clock that judges expiry (default: the system clock). */
  clock?: Clock;
}

/** Query rounds that one page may take to step over expired items before it returns short. */
const MAX_QUERY_ROUNDS = 10;

/**
 * Store on one DynamoDB table (see `tableDefinition`). Reads are strongly consistent; `getMany`
 * is BatchGetItem, `putMany` BatchWriteItem, `increment` one UpdateItem (atomic, no conflicts). A batch of
 * one put or delete is a conditional `PutItem`/`DeleteItem`; a larger batch is one
 * `TransactWriteItems` with a `ConditionCheck` per read document and a `ClientRequestToken`, so
 * retries of the same commit are idempotent. Each put stores the value as JSON text and the batch's
 * commit trail in `c` (store-item.ts). Calls go through the plain client: items are built and read
 * here, not by the SDK's document marshalling.
 * Failed conditions and transaction conflicts become `Conflict`, unless they prove the batch
 * landed or may have (see `settleCommitFailure`); throttling is retried, then `Throttled`.
 * Expiry: see store-ttl.ts.
 */
export class DynamoStore implements Store {
  readonly capabilities = dynamoStoreCapabilities;
  private readonly client: DynamoDBClient;
  private readonly table: string;
  private readonly clock: Clock;

  constructor(options: DynamoStoreOptions) {
    this.client = options.client;
    this.table = options.tableName;
    this.clock = options.clock ?? systemClock;
  }

  /** Reads one document (strongly consistent). */
  async get<T extends DocValue>(partition: string, key: string): Promise<Doc<T> | undefined> {
    assertAddress(partition, key);
    const { Item } = await callDynamo(() => this.client.send(new GetItemCommand({ TableName: this.table, Key: keyOf(partition, key), ConsistentRead: true })));
    return Item && this.liveDoc<T>(Item);
  }

  /** Reads several documents with strongly consistent BatchGetItem calls (see store-batch-get.ts). */
  async getMany<T extends DocValue>(addresses: readonly DocAddress[]): Promise<Array<Doc<T> | undefined>> {
    for (const { partition, key } of addresses) assertAddress(partition, key);
    const found = await batchGetItems(this.client, this.table, addresses);
    return addresses.map((address) => {
      const item = itemAt(found, address);
      return item && this.liveDoc<T>(item);
    });
  }

  /** Adds to a document's number with one conditional UpdateItem, sent once (see store-increment.ts). */
  async increment(partition: string, key: string, field: string, amount: number): Promise<number> {
    assertIncrement(this.capabilities, field, amount);
    assertAddress(partition, key);
    return incrementItem(this.client, { table: this.table, partition, key, field, amount, now: this.clock.now() });
  }

  /** Writes new documents with BatchWriteItem calls, 25 items each, several in flight (see store-batch-write.ts). */
  async putMany(docs: readonly NewDoc[]): Promise<void> {
    assertDocumentsFit(docs, this.capabilities);
    for (const { partition, key } of docs) assertAddress(partition, key);
    await batchPutItems(this.client, this.table, docs);
  }

  /**
   * Lists a partition in key order with `begins_with` on the sort key, filtering out expired
   * items; the cursor is the last key, encoded. A page steps over at most `MAX_QUERY_ROUNDS`
   * rounds of expired items, then returns what it has with a cursor.
   */
  async query<T extends DocValue>(partition: string, options: QueryOptions = {}): Promise<Page<T>> {
    assertAddress(partition);
    const limit = Math.max(1, Math.min(options.limit ?? DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE));
    const prefix = options.prefix ?? '';
    const now = this.clock.now();
    const found: Item[] = [];
    let start = options.cursor === undefined ? undefined : decodeKeyCursor(options.cursor);
    let more = false;
    for (let round = 0; round < MAX_QUERY_ROUNDS && found.length <= limit; round++) {
      const { Items = [], LastEvaluatedKey } = await callDynamo(() =>
        this.client.send(
          new QueryCommand({
            TableName: this.table,
            KeyConditionExpression: prefix ? 'pk = :pk AND begins_with(sk, :prefix)' : 'pk = :pk',
            FilterExpression: LIVE_FILTER,
            ExpressionAttributeValues: { ':pk': { S: partition }, ':now': numberValue(now), ...(prefix ? { ':prefix': { S: prefix } } : {}) },
            ScanIndexForward: !options.reverse,
            ConsistentRead: true,
            Limit: limit + 1,
            ExclusiveStartKey: start === undefined ? undefined : keyOf(partition, start),
          }),
        ),
      );
      found.push(...Items);
      start = LastEvaluatedKey?.sk?.S;
      more = start !== undefined;
      if (!more) break;
    }
    const items = found.slice(0, limit).map((item) => this.liveDoc<T>(item)!);
    const last = found.length > limit ? items.at(-1)!.key : more ? start : undefined;
    return last !== undefined ? { items, cursor: encodeKeyCursor(last) } : { items };
  }

  /** Lists the table's partitions with a parallel Scan (see store-scan.ts). */
  listPartitions(options: ListPartitionsOptions = {}): Promise<PartitionPage> {
    return scanPartitions(this.client, this.table, this.clock.now(), options, this.capabilities);
  }

  /** Commits the batch atomically (see the class comment). */
  async commit(operations: readonly Operation[]): Promise<void> {
    assertBatchFits(operations, this.capabilities);
    for (const op of operations) assertAddress(op.partition, op.key);
    const commitId = operations.find((op) => op.type === 'put')?.commits?.[0];
    await this.send(operations).catch((error: unknown) => settleCommitFailure(error, commitId));
  }

  private async send(operations: readonly Operation[]): Promise<void> {
    if (operations.length === 1) return this.commitOne(operations[0]!);
    const token = randomUUID();
    const now = this.clock.now();
    const TransactItems = operations.map((op): TransactWriteItem => {
      const condition = conditionOf(op.version, now);
      if (op.type === 'put') return { Put: { TableName: this.table, Item: putItemOf(op), ...condition } };
      const Key = keyOf(op.partition, op.key);
      if (op.type === 'delete') return { Delete: { TableName: this.table, Key, ...condition } };
      return { ConditionCheck: { TableName: this.table, Key, ...condition } };
    });
    await callDynamo(() => this.client.send(new TransactWriteItemsCommand({ TransactItems, ClientRequestToken: token })));
  }

  private async commitOne(op: Operation): Promise<void> {
    const condition = conditionOf(op.version, this.clock.now());
    if (op.type === 'put') {
      await callDynamo(() => this.client.send(new PutItemCommand({ TableName: this.table, Item: putItemOf(op), ...condition })));
    } else if (op.type === 'delete') {
      await callDynamo(() => this.client.send(new DeleteItemCommand({ TableName: this.table, Key: keyOf(op.partition, op.key), ...condition })));
    } else {
      const current = await this.get(op.partition, op.key);
      if ((current?.version ?? null) !== op.version) throw new Conflict(`${op.partition}/${op.key} is not at version ${op.version}`);
    }
  }

  /** The item as a document, or `undefined` if it has expired. */
  private liveDoc<T extends DocValue>(item: Item): Doc<T> | undefined {
    const { live, expiry } = liveExpiry(item, this.clock.now());
    if (!live) return undefined;
    const commits = commitsOf(item);
    return { partition: item.pk!.S!, key: item.sk!.S!, version: Number(item.v!.N), value: valueOf(item) as T, ...expiry, ...(commits ? { commits } : {}) };
  }
}

/** DynamoDB key attributes must be non-empty; the partition key holds 2048 bytes, the sort key 1024. */
function assertAddress(partition: string, key?: string): void {
  if (partition === '' || key === '') throw new Unsupported('DynamoDB cannot store an empty partition or key');
  if (Buffer.byteLength(partition, 'utf8') > 2048) throw new TooLarge('a partition name is limited to 2048 bytes');
  if (key !== undefined && Buffer.byteLength(key, 'utf8') > 1024) throw new TooLarge('a key is limited to 1024 bytes');
}

