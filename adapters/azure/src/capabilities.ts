import type { Capabilities, QueueCapabilities, StoreCapabilities } from '@kumo/core';

/** Cosmos DB's limit on one item and on one transactional batch request (2 MiB), less room for the envelope. */
const COSMOS_PAYLOAD_BYTES = 2 * 1024 * 1024 - 16 * 1024;
/** Cosmos DB's limit on operations in one transactional batch. */
export const COSMOS_BATCH_OPERATIONS = 100;

/** One listing is read by one reader (a cross-partition query in partition key order). */
export const COSMOS_LISTING_SEGMENTS = 1;

/**
 * What the Cosmos DB store can do. A transactional batch is scoped to one logical partition,
 * so transactions across partitions are not supported. A check that a document is absent costs
 * two batch operations (see `CosmosStore.commit`), which counts against the 100. A check of a
 * present document's version patches it under its ETag (`checkWrites`): a write, and concurrent
 * checks of one document conflict (a check of its presence only is a read).
 */
export const cosmosStoreCapabilities: StoreCapabilities = {
  crossPartitionTransactions: false,
  maxTransactionItems: COSMOS_BATCH_OPERATIONS,
  maxItemBytes: COSMOS_PAYLOAD_BYTES,
  maxTransactionBytes: COSMOS_PAYLOAD_BYTES,
  ttl: true,
  partitionListing: { maxSegments: COSMOS_LISTING_SEGMENTS },
  atomicIncrement: true,
  checkWrites: true,
  idempotentSingleWrites: false,
};

/**
 * What Azure Storage Queues can do. A message is at most 64 KiB of text; bodies are sent as
 * base64 of their JSON (what Azure Functions queue triggers expect), so JSON up to 48 KiB fits.
 * Delays go up to 7 days. Deduplication is not a Storage Queue feature and is not emulated: 0.
 */
export const storageQueueCapabilities: QueueCapabilities = {
  maxDelaySeconds: 7 * 24 * 3600,
  dedupeWindowSeconds: 0,
  maxMessageBytes: 48 * 1024,
  deadLetter: true,
  minMaxAttempts: 1,
};

/** What the Azure adapter set can do: no transactions across partitions, no queue deduplication. */
export const capabilities: Capabilities = {
  store: cosmosStoreCapabilities,
  queue: storageQueueCapabilities,
  push: { presence: true, exactPresence: false },
};

