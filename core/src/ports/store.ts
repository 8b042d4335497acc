/**
 * Store port: JSON documents addressed by `(partition, key)`.
 *
 * Contract every adapter keeps (proved by `describeStore` in @kumo/conformance):
 * - Every document carries a `version`: 1 when created, +1 on every write.
 * - `get` is strongly consistent: it sees every commit that returned before it.
 * - `query` lists one partition in key order (ascending, or descending with `reverse`),
 *   optionally limited to keys starting with `prefix`, a page at a time; `cursor`
 *   is opaque and resumes after the last returned key.
 * - `commit` applies one batch of operations atomically: either every condition holds and
 *   every write lands, or nothing lands and it throws `Conflict` (a condition failed),
 *   `TooLarge` (a document or the batch exceeds a declared limit; checked before any
 *   backend call) or `Unsupported` (the batch spans partitions and the backend cannot do that).
 * - Throttling by the backend is retried inside the adapter with backoff; if it persists the
 *   adapter throws `Throttled` (nothing was applied).
 * - Expiry (TTL), if `capabilities.ttl` is declared: a put may carry `expiresAt`, epoch ms of the
 *   adapter's Clock (the services' Clock; adapters take it as an option). From that instant the
 *   document is absent for every read and condition, whenever the backend physically removes it:
 *   `get` and `query` leave it out (a page may then hold fewer than `limit` documents; only a
 *   missing `cursor` means the end), a condition `version: null` holds over it, and a put over it
 *   is a create (version 1, as after a delete). A put without `expiresAt` makes the document
 *   permanent again. The backend removes expired documents eventually (its own TTL, or a sweeper
 *   the adapter documents), so documents that only guard idempotency or expire stop piling up.
 *   A store that does not declare `ttl` throws `Unsupported` for a put with `expiresAt`, before
 *   any backend call: it never keeps a document that was meant to expire silently. Core's
 *   services write expiring documents (job markers, dead letters, inbox mail), so an adapter
 *   that runs them declares `ttl`.
 * - Commit ids: a put may carry `commits`, the ids of the last commits that wrote the document,
 *   this batch's first (core's `transact` makes a fresh id per attempt and keeps the last
 *   `COMMIT_TRAIL_LENGTH`). The adapter stores the list beside the version, as given, and returns
 *   it on `Doc.commits`; a put without it stores none. A delete leaves no trace.
 * - A commit whose outcome the adapter cannot know (lost response, timeout, a transaction still in
 *   progress when its retries ran out) throws `CommitUnknown`, never `Conflict` or `Throttled`: the
 *   batch may have landed. So does a condition failure on a call that the adapter or its SDK
 *   retried, unless the adapter proves from the document's `commits` that the batch landed (then
 *   `commit` resolves) or did not (then `Conflict`). `transact` resolves `CommitUnknown` by reading
 *   the documents the batch put: the batch landed iff one lists its commit id. A batch of deletes
 *   only counts as landed when every document it deletes is gone.
 * - Both together: a document keeps its `commits` and its `expiresAt` side by side (a check never
 *   drops either). An expired document is absent with its trail, so a put over it starts a new
 *   trail, and `transact` only proves a commit from documents that have not expired since.
 *
 * Services do not call `commit` directly: they use `transact` (core/src/store/transact.ts),
 * which records what a unit of work read, turns it into conditions, retries conflicts with
 * jittered backoff, and never re-runs a unit of work whose commit landed.
 */
export interface Store {
  /** What this backend can do; the conformance suite tests exactly what is declared. */
  readonly capabilities: StoreCapabilities;
  /** Reads one document, or `undefined` if it does not exist. */
  get<T extends DocValue = DocValue>(partition: string, key: string): Promise<Doc<T> | undefined>;
  /**
   * Reads several documents, strongly consistent each (as `get`; not one snapshot of all), in as
   * few backend calls as the backend allows (DynamoDB BatchGetItem, one Datastore lookup, one SQL
   * statement). Answers in the order asked, `undefined` for an absent or expired document. Optional:
   * core's `getMany` helper falls back to parallel `get`s.
   */
  getMany?<T extends DocValue = DocValue>(addresses: readonly DocAddress[]): Promise<Array<Doc<T> | undefined>>;
  /**
   * Adds `amount` (a safe integer, negative to subtract) to the number in field `field` of one
   * document in one atomic backend call, and returns the field's new value: offered by a store that
   * declares `capabilities.atomicIncrement`, where concurrent increments of one document never
   * conflict. Contract:
   * - an absent (or expired) document is created as `{ [field]: amount }` at version 1; a present
   *   one keeps its other fields, expiry and commit trail, its field starts from 0 if missing, and
   *   its version goes up by 1;
   * - a field holding anything but a number is refused (`KumoError` `invalid_increment`), nothing
   *   written;
   * - every call counts at most once: the adapter never resends an increment it may have applied.
   *   An increment whose answer is lost throws `CommitUnknown` (counted or not; the caller decides);
   *   throttling is retried as for every call, then `Throttled` (not counted).
   * A store that does not declare it has no `increment`, or one that throws `Unsupported` before
   * any backend call.
   */
  increment?(partition: string, key: string, field: string, amount: number): Promise<number>;
  /**
   * Writes new documents in as few backend calls as the backend allows, NOT atomically: offered by
   * a store with a bulk write much cheaper than `commit`'s transactions (DynamoDB BatchWriteItem:
   * 25 items a call, several calls in flight), for loading documents into keys that hold none and
   * that nothing else writes until it returns (an import, a bulk load of an empty board). Contract:
   * - each document is written without a condition, at version 1, with no expiry and no commit
   *   trail (a document already there is replaced: hence the precondition above);
   * - every document is checked against `maxItemBytes` first (`TooLarge`, nothing written);
   * - not atomic: when it throws, any subset may have landed; calling it again with the same
   *   documents is harmless (the same values at version 1 again);
   * - throttling (DynamoDB's unprocessed items too) is retried with backoff, then `Throttled`.
   * Optional: callers commit the documents in transactions instead.
   */
  putMany?(documents: readonly NewDoc[]): Promise<void>;
  /** Lists a partition in key order, a page at a time. */
  query<T extends DocValue = DocValue>(partition: string, options?: QueryOptions): Promise<Page<T>>;
  /** Applies every operation of the batch atomically, or none (see the contract above). */
  commit(operations: readonly Operation[]): Promise<void>;
  /**
   * Opens a session: one backend transaction that a unit of work reads through and then commits
   * through, offered by a store whose `commit` would otherwise read again, to compare versions,
   * what the unit of work has just read (Datastore, whose transaction begins with a lookup).
   * `transact` opens one per attempt when offered, so a unit of work that reads together costs two
   * round trips there too. Contract on `StoreSession`.
   */
  session?(): StoreSession;
  /**
   * Removes a batch of expired documents now and returns how many: offered by a store whose
   * backend has no TTL of its own (its sweeper). Core's `kumo-store-sweep` job calls it; a
   * deployment sends that job on a schedule (see the adapter's README).
   */
  sweepExpired?(): Promise<number>;
  /**
   * Lists the partitions that hold documents, a page at a time: offered by a store that declares
   * `capabilities.partitionListing` (contract on `ListPartitionsOptions`); `kumo migrate` and
   * `kumo export` read each listed partition with `query`.
   */
  listPartitions?(options?: ListPartitionsOptions): Promise<PartitionPage>;
}

/**
 * One backend transaction of a unit of work (`Store.session`):
 * - `getMany` reads as `Store.getMany` does (strongly consistent, order kept), inside the session;
 * - `commit` keeps every promise of `Store.commit` (atomic, every version and absence checked,
 *   `Conflict`, `TooLarge`, `Unsupported`, `Throttled`, `CommitUnknown`, commit trails), and
 *   besides fails with `Conflict` if a document the session read changed before the commit; a put
 *   expected absent (`version: null`) that the session did not read may be sent as a create that
 *   fails if the document exists, even expired (the caller's retry reads it); at most one commit;
 * - `release` ends a session that will not commit: nothing is written, it never throws. A session
 *   left open holds backend resources (locks) until the backend times it out.
 */
export interface StoreSession {
  /** Reads several documents inside the session, in the order asked. */
  getMany<T extends DocValue = DocValue>(addresses: readonly DocAddress[]): Promise<Array<Doc<T> | undefined>>;
  /** Applies every operation of the batch atomically, or none, checking what the session read too. */
  commit(operations: readonly Operation[]): Promise<void>;
  /** Ends the session without committing; a no-op after `commit`. */
  release(): void;
}

/**
 * Contract of `Store.listPartitions`, for a store that declares `capabilities.partitionListing`:
 * - The listing is split into `segments` (1 to `partitionListing.maxSegments`, default 1), read
 *   independently, in parallel if the caller likes. Read to the end (until a page has no
 *   `cursor`), the segments `0..segments-1` of one split together name every partition that held a
 *   live document for the whole listing, each exactly once; in no particular order.
 * - A partition written or emptied while the listing runs may or may not appear; one whose
 *   documents have all expired may appear (its `query` is then empty). Callers that must see late
 *   writes list again (`kumo migrate`'s catch-up passes do).
 * - A page holds at most `limit` partitions (default 100, at most 1000) and may hold fewer, even
 *   none, with a `cursor`; only a missing `cursor` ends the segment. The cursor is opaque and
 *   only valid for the same `segment` and `segments`.
 * - Throttling is retried inside the adapter, then `Throttled`, as for every call.
 * A store that does not declare it has no `listPartitions`.
 */
export interface ListPartitionsOptions {
  /** Which segment to list, `0..segments-1` (default 0). */
  segment?: number;
  /** Into how many segments the listing is split (default 1). */
  segments?: number;
  /** Resume after the previous page of the same segment (opaque, from `PartitionPage.cursor`). */
  cursor?: string;
  /** Most partitions in one page (default 100, capped at 1000). */
  limit?: number;
}

/** One page of `Store.listPartitions`; `cursor` is set when the segment may hold more. */
export interface PartitionPage {
  partitions: string[];
  cursor?: string;
}

/** A store's declaration that it lists partitions (see `ListPartitionsOptions` for the contract). */
export interface PartitionListing {
  /** Most segments one listing may be split into: above 1 when the backend scans segments in parallel. */
  maxSegments: number;
}

/** Where a document lives. */
export interface DocAddress {
  partition: string;
  key: string;
}

/** A document to write with `Store.putMany`. */
export interface NewDoc extends DocAddress {
  value: DocValue;
}

/** A document's body: a JSON object. */
export type DocValue = { [field: string]: unknown };

/** A stored document with its address and version. */
export interface Doc<T extends DocValue = DocValue> {
  partition: string;
  key: string;
  version: number;
  value: T;
  /** When the document expires (epoch ms), if it was written with an expiry. */
  expiresAt?: number;
  /** Ids of the last commits that wrote the document, newest first (see the contract above). */
  commits?: string[];
}

/** Options of `Store.query`. */
export interface QueryOptions {
  /** Only keys that start with this string. */
  prefix?: string;
  /** Page size; adapters cap it at 1000. Default 100. */
  limit?: number;
  /** Resume after the previous page (opaque, from `Page.cursor`). */
  cursor?: string;
  /** Descending key order. */
  reverse?: boolean;
}

/** One page of a query; `cursor` is set when more documents may follow. */
export interface Page<T extends DocValue = DocValue> {
  items: Doc<T>[];
  cursor?: string;
}

/**
 * One operation of an atomic batch. `version` is the version the document must have at
 * commit time (`null`: it must not exist). A write stores the document at `version + 1`; a put
 * stores its `commits` with it (see the contract of `Store`). A check with `presence` asks only
 * that the document (read at `version`) still exists, at any version: a store may check the
 * version instead, never less than presence.
 */
export type Operation =
  | { type: 'check'; partition: string; key: string; version: number | null; presence?: boolean }
  | {
      type: 'put';
      partition: string;
      key: string;
      version: number | null;
      value: DocValue;
      expiresAt?: number;
      commits?: readonly string[];
    }
  | { type: 'delete'; partition: string; key: string; version: number };

/** What a store backend can do. Declared by each adapter, read by core and the conformance suite. */
export interface StoreCapabilities {
  /** Whether one batch may touch documents of several partitions. */
  crossPartitionTransactions: boolean;
  /** Most operations (checks included) in one batch. */
  maxTransactionItems: number;
  /** Largest serialized document value, in bytes (UTF-8 JSON). */
  maxItemBytes: number;
  /** Largest serialized batch, in bytes, if the backend limits it. */
  maxTransactionBytes?: number;
  /** Whether a put may carry `expiresAt` (see the contract above); undeclared means `Unsupported`. */
  ttl?: boolean;
  /** Whether the store offers `listPartitions`, and in how many parallel segments. */
  partitionListing?: PartitionListing;
  /** Whether the store offers `increment`: atomic, conflict-free adds to one document's number (contract on `Store.increment`). */
  atomicIncrement?: boolean;
  /**
   * Whether a `check` rewrites the document it checks (Cosmos DB: a patch of the item under its
   * ETag, a transactional batch having no read-only condition; a check of `presence` only is a read
   * there). Such a check is billed as a write, and commits that check one document at the same
   * time conflict with each other: all but one throw `Conflict` (and `transact` retries them),
   * though none changed it. Elsewhere a check leaves the document as it is (DynamoDB still bills a
   * transaction's ConditionCheck as write capacity, and may cancel transactions touching one item
   * at the same instant: rare, and retried). Either way, units of work read documents that never
   * change (a chat room) with `unchecked` (core's `Transaction.get`), which adds no check.
   */
  checkWrites?: boolean;
  /**
   * Whether a one-put commit is idempotent: sent again after it landed (the same operations, so
   * the same commit id, as after `CommitUnknown`), it resolves and the document is written once.
   * DynamoDB proves it from the item its failed condition returns. Elsewhere the second send throws
   * `Conflict` (still written once); `transact` never re-sends, it resolves the outcome by reading
   * the document back, so services need not care. For tools that retry a raw `commit`.
   */
  idempotentSingleWrites?: boolean;
}

/** How many commit ids a document keeps in `Doc.commits` (this commit's and those before it): enough that a commit whose answer was lost is still listed after the other writers that raced it, under heavy contention on one document. */
export const COMMIT_TRAIL_LENGTH = 16;
/** Largest page `query` returns, whatever `limit` asks. */
export const MAX_PAGE_SIZE = 1000;
/** Page size when `limit` is not given. */
export const DEFAULT_PAGE_SIZE = 100;
