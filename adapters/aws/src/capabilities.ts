import type { Capabilities, QueueCapabilities, StoreCapabilities } from '@kumo/core';

/** Segments one listing may be split into: DynamoDB's parallel Scan takes up to 1,000,000; this is plenty for one process. */
const DYNAMO_LISTING_SEGMENTS = 64;

/**
 * DynamoDB's limits: 100 items and 4 MB per TransactWriteItems, 400 KB per item. The item limit
 * counts the keys and attribute names too, so a document value may use 400 KB minus 4 KB kept for
 * `pk` (≤ 2048 bytes), `sk` (≤ 1024 bytes), `v`, the commit trail `c` (16 ids of 16 characters),
 * the expiry `exp` and `ttl`, and the attribute names. A failed condition returns the item
 * (`ALL_OLD`), so a one-put commit sent again after it landed resolves (`idempotentSingleWrites`).
 */
export const dynamoStoreCapabilities: StoreCapabilities = {
  crossPartitionTransactions: true,
  maxTransactionItems: 100,
  maxItemBytes: 396 * 1024,
  maxTransactionBytes: 4 * 1024 * 1024,
  ttl: true,
  partitionListing: { maxSegments: DYNAMO_LISTING_SEGMENTS },
  atomicIncrement: true,
  checkWrites: false,
  idempotentSingleWrites: true,
};

/**
 * What SQS standard queues do: delays up to 15 minutes, 256 KiB bodies, redrive to a dead-letter
 * queue. Standard queues cannot deduplicate, so `dedupeId` is ignored there and
 * `dedupeWindowSeconds` is 0; name a queue `*.fifo` to get SQS's 5-minute deduplication (FIFO
 * queues refuse per-message delays: `send` throws `Unsupported`).
 */
export const sqsQueueCapabilities: QueueCapabilities = {
  maxDelaySeconds: 900,
  dedupeWindowSeconds: 0,
  maxMessageBytes: 256 * 1024,
  deadLetter: true,
  minMaxAttempts: 1,
};

/**
 * What the AWS adapter set can do in every configuration: presence is exact with `mqtt` but lags
 * with `iotData` (each push declares its own `capabilities`). In a file of its own, importing no
 * SDK: an entry that loads the adapter on first use declares it at start.
 */
export const capabilities: Capabilities = {
  store: dynamoStoreCapabilities,
  queue: sqsQueueCapabilities,
  push: { presence: true, exactPresence: false },
};
