import { randomUUID } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
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
import { conditionOf, expiryAttributes, LIVE_FILTER, liveExpiry } from './store-ttl';

/** Options of `DynamoStore`. */
export interface DynamoStoreOptions {
  client: DynamoDBClient;
  tableName: string;
  /** Clock that judges expiry (default: the system clock). */
  clock?: Clock;
}

type Item = { pk: string; sk: string; v: number; doc: DocValue; exp?: number; c?: string[] };

/** Query rounds that one page may take to step over expired items before it returns short. */
const MAX_QUERY_ROUNDS = 10;

/**
 * Store on one DynamoDB table (see `tableDefinition`). Reads are strongly consistent; `getMany`
 * is BatchGetItem, `putMany` BatchWriteItem, `increment` one UpdateItem (atomic, no conflicts). A batch of
 * one put or delete is a conditional `PutItem`/`DeleteItem`; a larger batch is one
 * `TransactWriteItems` with a `ConditionCheck` per read document and a `ClientRequestToken`, so
 * retries of the same commit are idempotent. Each put stores the batch's commit trail in `c`.
 * Failed conditions and transaction conflicts become `Conflict`, unless they prove the batch
 * landed or may have (see `settleCommitFailure`); throttling is retried, then `Throttled`.
 * Expiry: see store-ttl.ts.
 */
export class DynamoStore implements Store {
  readonly capabilities = dynamoStoreCapabilities;
  private readonly documents: DynamoDBDocumentClient;
  private readonly table: string;
  private readonly clock: Clock;

  constructor(options: DynamoStoreOptions) {
    this.documents = DynamoDBDocumentClient.from(options.client, { marshallOptions: { removeUndefinedValues: true } });
    this.table = options.tableName;
    this.clock = options.clock ?? systemClock;
  }

  /** Reads one document (strongly consistent). */
  async get<T extends DocValue>(partition: string, key: string): Promise<Doc<T> | undefined> {
    assertAddress(partition, key);
    const { Item } = await callDynamo(() => this.documents.send(new GetCommand({ TableName: this.table, Key: { pk: partition, sk: key }, ConsistentRead: true })));
    return Item && this.liveDoc<T>(Item as Item);
  }

  /** Reads several documents with strongly consistent BatchGetItem calls (see store-batch-get.ts). */
  async getMany<T extends DocValue>(addresses: readonly DocAddress[]): Promise<Array<Doc<T> | undefined>> {
    for (const { partition, key } of addresses) assertAddress(partition, key);
    const found = await batchGetItems(this.documents, this.table, addresses);
    return addresses.map((address) => {
      const item = itemAt(found, address);
      return item && this.liveDoc<T>(item as Item);
    });
  }

  /** Adds to a document's number with one conditional UpdateItem, sent once (see store-increment.ts). */
  async increment(partition: string, key: string, field: string, amount: number): Promise<number> {
    assertIncrement(this.capabilities, field, amount);
    assertAddress(partition, key);
    return incrementItem(this.documents, { table: this.table, partition, key, field, amount, now: this.clock.now() });
  }

  /** Writes new documents with BatchWriteItem calls, 25 items each, several in flight (see store-batch-write.ts). */
  async putMany(docs: readonly NewDoc[]): Promise<void> {
    assertDocumentsFit(docs, this.capabilities);
    for (const { partition, key } of docs) assertAddress(partition, key);
    await batchPutItems(this.documents, this.table, docs);
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
        this.documents.send(
          new QueryCommand({
            TableName: this.table,
            KeyConditionExpression: prefix ? 'pk = :pk AND begins_with(sk, :prefix)' : 'pk = :pk',
            FilterExpression: LIVE_FILTER,
            ExpressionAttributeValues: { ':pk': partition, ':now': now, ...(prefix ? { ':prefix': prefix } : {}) },
            ScanIndexForward: !options.reverse,
            ConsistentRead: true,
            Limit: limit + 1,
            ExclusiveStartKey: start === undefined ? undefined : { pk: partition, sk: start },
          }),
        ),
      );
      found.push(...(Items as Item[]));
      start = LastEvaluatedKey?.sk as string | undefined;
      more = start !== undefined;
      if (!more) break;
    }
    const items = found.slice(0, limit).map((item) => this.liveDoc<T>(item)!);
    const last = found.length > limit ? items.at(-1)!.key : more ? start : undefined;
    return last !== undefined ? { items, cursor: encodeKeyCursor(last) } : { items };
  }

  /** Lists the table's partitions with a parallel Scan (see store-scan.ts). */
  listPartitions(options: ListPartitionsOptions = {}): Promise<PartitionPage> {
    return scanPartitions(this.documents, this.table, this.clock.now(), options, this.capabilities);
  }

  /** Commits the batch atomically (see the class comment). */
  async commit(operations: readonly Operation[]): Promise<void> {
    assertBatchFits(operations, this.capabilities);
    for (const op of operations) assertAddress(op.partition, op.key);
    const commitId = operations.find((op) => op.type === 'put')?.commits?.[0];
    await this.send(operations).catch((error: unknown) => settleCommitFailure(error, commitId));
  }

  private async send(operations: readonly Operation[]): Promise<void> {
    const values = operations.map((op) => (op.type === 'put' ? (JSON.parse(JSON.stringify(op.value)) as DocValue) : undefined));
    if (operations.length === 1) return this.commitOne(operations[0]!, values[0]);
    const token = randomUUID();
    const now = this.clock.now();
    const TransactItems = operations.map((op, i) => {
      const Key = { pk: op.partition, sk: op.key };
      const condition = conditionOf(op.version, now);
      if (op.type === 'put') return { Put: { TableName: this.table, Item: itemOf(op, values[i]!), ...condition } };
      if (op.type === 'delete') return { Delete: { TableName: this.table, Key, ...condition } };
      return { ConditionCheck: { TableName: this.table, Key, ...condition } };
    });
    await callDynamo(() => this.documents.send(new TransactWriteCommand({ TransactItems, ClientRequestToken: token })));
  }

  private async commitOne(op: Operation, value: DocValue | undefined): Promise<void> {
    const Key = { pk: op.partition, sk: op.key };
    const condition = conditionOf(op.version, this.clock.now());
    if (op.type === 'put') {
      await callDynamo(() => this.documents.send(new PutCommand({ TableName: this.table, Item: itemOf(op, value!), ...condition })));
    } else if (op.type === 'delete') {
      await callDynamo(() => this.documents.send(new DeleteCommand({ TableName: this.table, Key, ...condition })));
    } else {
      const current = await this.get(op.partition, op.key);
      if ((current?.version ?? null) !== op.version) throw new Conflict(`${op.partition}/${op.key} is not at version ${op.version}`);
    }
  }

  /** The item as a document, or `undefined` if it has expired. */
  private liveDoc<T extends DocValue>(item: Item): Doc<T> | undefined {
    const { live, expiry } = liveExpiry(item, this.clock.now());
    if (!live) return undefined;
    return { partition: item.pk, key: item.sk, version: Number(item.v), value: item.doc as T, ...expiry, ...(item.c ? { commits: item.c } : {}) };
  }
}

function itemOf(op: Extract<Operation, { type: 'put' }>, value: DocValue): Item {
  return { pk: op.partition, sk: op.key, v: (op.version ?? 0) + 1, doc: value, ...expiryAttributes(op), ...(op.commits ? { c: [...op.commits] } : {}) };
}

/** DynamoDB key attributes must be non-empty; the partition key holds 2048 bytes, the sort key 1024. */
function assertAddress(partition: string, key?: string): void {
  if (partition === '' || key === '') throw new Unsupported('DynamoDB cannot store an empty partition or key');
  if (Buffer.byteLength(partition, 'utf8') > 2048) throw new TooLarge('a partition name is limited to 2048 bytes');
  if (key !== undefined && Buffer.byteLength(key, 'utf8') > 1024) throw new TooLarge('a key is limited to 1024 bytes');
}

