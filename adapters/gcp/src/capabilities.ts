import type { Capabilities, QueueCapabilities, StoreCapabilities } from '@kumo/core';

/** Datastore has no parallel scan segments: one listing is read in key order by one reader. */
const DATASTORE_LISTING_SEGMENTS = 1;

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


/**
 * What the Pub/Sub queue can do:
 * - delays up to 15 minutes (see `PubSubQueue` for how); longer schedules belong in Cloud Tasks;
 * - no deduplication: Pub/Sub has no publish-side dedupe (exactly-once delivery is about acks,
 *   not about a publisher sending twice), so `dedupeId` is ignored and handlers stay idempotent;
 * - 10 MB of data per message (the request limit is 10 MiB, the rest is headroom for attributes);
 * - dead-letter topics, with `maxDeliveryAttempts` between 5 and 100.
 */
export const pubsubQueueCapabilities: QueueCapabilities = {
  maxDelaySeconds: 900,
  dedupeWindowSeconds: 0,
  maxMessageBytes: 10_000_000,
  deadLetter: true,
  minMaxAttempts: 5,
};


/** What the Google Cloud adapter set can do (in a file of its own, importing no SDK: an entry that loads the adapter on first use declares it at start). */
export const capabilities: Capabilities = {
  store: datastoreStoreCapabilities,
  queue: pubsubQueueCapabilities,
  push: { presence: true, exactPresence: true },
};
