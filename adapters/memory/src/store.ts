import {
  assertBatchFits,
  assertDocumentsFit,
  assertIncrement,
  Conflict,
  DEFAULT_PAGE_SIZE,
  expiryField,
  incremented,
  isExpired,
  isImmutableValue,
  MAX_PAGE_SIZE,
  notANumber,
  systemClock,
  type Clock,
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
  type StoreCapabilities,
} from '@kumo/core';
import { copyValue } from './copy-value';
import { PartitionDocs, type Entry } from './partition-docs';
import { listMemoryPartitions, MEMORY_LISTING_SEGMENTS } from './store-partitions';

/** Limits of the embedded store: generous, but finite like a cloud's, so oversize bugs show up locally. */
export const memoryStoreCapabilities: StoreCapabilities = {
  crossPartitionTransactions: true,
  maxTransactionItems: 100,
  maxItemBytes: 400 * 1024,
  ttl: true,
  partitionListing: { maxSegments: MEMORY_LISTING_SEGMENTS },
  atomicIncrement: true,
  checkWrites: false,
  idempotentSingleWrites: false,
};

/** Commits between two sweeps of expired documents. */
const SWEEP_EVERY_WRITES = 1000;

/**
 * In-process store with the semantics of a cloud store: every call yields to the event loop, so
 * concurrent units of work really interleave and really conflict; values are copied in and out,
 * except a value its writer marked with `immutableValue`, kept and handed out as it is (a
 * rank-tree node, read without a copy of its columns).
 * Expired documents are hidden from reads and conditions at once (the Clock decides) and removed
 * by `sweepExpired`, which every `SWEEP_EVERY_WRITES`-th commit also runs, so the maps stay bounded.
 * Each partition is a hash map beside a B+ tree (see `PartitionDocs`), so `get` costs O(1), each
 * write O(log n) and a `query` page O(log n + page) whatever the partition's size.
 */
export class MemoryStore implements Store {
  private readonly partitions = new Map<string, PartitionDocs>();
  /** The documents written with an expiry, by address: what a sweep looks at. */
  private readonly expiring = new Map<string, { partition: string; key: string }>();
  private commitCount = 0;

  constructor(
    readonly capabilities: StoreCapabilities = memoryStoreCapabilities,
    private readonly clock: Clock = systemClock,
  ) {}

  /** Reads one document. */
  async get<T extends DocValue>(partition: string, key: string): Promise<Doc<T> | undefined> {
    await yieldToLoop();
    const entry = this.live(partition, key);
    return entry && toDoc<T>(partition, key, entry);
  }

  /** Reads several documents in one step (one turn of the event loop), in the order asked. */
  async getMany<T extends DocValue>(addresses: readonly DocAddress[]): Promise<Array<Doc<T> | undefined>> {
    await yieldToLoop();
    return addresses.map(({ partition, key }) => {
      const entry = this.live(partition, key);
      return entry && toDoc<T>(partition, key, entry);
    });
  }

  /** Writes new documents at version 1, without conditions, in one step (see `Store.putMany`). */
  async putMany(documents: readonly NewDoc[]): Promise<void> {
    assertDocumentsFit(documents, this.capabilities);
    await yieldToLoop();
    for (const { partition, key, value } of documents) {
      let docs = this.partitions.get(partition);
      if (!docs) this.partitions.set(partition, (docs = new PartitionDocs()));
      docs.set(key, { version: 1, value: copyUnlessImmutable(value) });
    }
  }

  /** How many documents the store holds, expired ones not yet removed included. */
  size(): number {
    let count = 0;
    for (const docs of this.partitions.values()) count += docs.size();
    return count;
  }

  /** Removes every expired document; returns how many. */
  async sweepExpired(): Promise<number> {
    const now = this.clock.now();
    let removed = 0;
    for (const [address, { partition, key }] of this.expiring) {
      const docs = this.partitions.get(partition);
      const entry = docs?.get(key);
      if (entry?.expiresAt === undefined) this.expiring.delete(address);
      else if (isExpired(entry.expiresAt, now)) {
        docs!.delete(key);
        if (docs!.size() === 0) this.partitions.delete(partition);
        this.expiring.delete(address);
        removed++;
      }
    }
    return removed;
  }

  /** Lists a partition in key order: walks the partition's B+ tree from the cursor (or the prefix), a page at a time. */
  async query<T extends DocValue>(partition: string, options: QueryOptions = {}): Promise<Page<T>> {
    await yieldToLoop();
    const limit = Math.min(options.limit ?? DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
    const prefix = options.prefix ?? '';
    const docs = this.partitions.get(partition);
    const items: Doc<T>[] = [];
    if (!docs) return { items };
    const now = this.clock.now();
    for (const [key, entry] of docs.walk(prefix, options.cursor, options.reverse ?? false)) {
      if (!key.startsWith(prefix)) break;
      if (isExpired(entry.expiresAt, now)) continue;
      if (items.length === limit) return { items, cursor: items.at(-1)!.key };
      items.push(toDoc<T>(partition, key, entry));
    }
    return { items };
  }

  /** Lists the partitions holding live documents (see store-partitions.ts). */
  async listPartitions(options: ListPartitionsOptions = {}): Promise<PartitionPage> {
    await yieldToLoop();
    const now = this.clock.now();
    const isLive = (partition: string) => {
      const docs = this.partitions.get(partition);
      if (docs) for (const [, entry] of docs.walk('', undefined, false)) if (!isExpired(entry.expiresAt, now)) return true;
      return false;
    };
    return listMemoryPartitions(this.partitions.keys(), isLive, options, this.capabilities);
  }

  /** Adds to a document's number in one step (no await between read and write): atomic. */
  async increment(partition: string, key: string, field: string, amount: number): Promise<number> {
    assertIncrement(this.capabilities, field, amount);
    await yieldToLoop();
    const entry = this.live(partition, key);
    const next = incremented(entry?.value[field], amount);
    if (next === undefined) throw notANumber(partition, key, field);
    if (entry) {
      entry.value[field] = next;
      entry.version++;
    } else {
      let docs = this.partitions.get(partition);
      if (!docs) this.partitions.set(partition, (docs = new PartitionDocs()));
      docs.set(key, { version: 1, value: { [field]: next } });
    }
    return next;
  }

  /** Checks every condition, then applies every write, with no await in between: atomic. */
  async commit(operations: readonly Operation[]): Promise<void> {
    assertBatchFits(operations, this.capabilities);
    await yieldToLoop();
    for (const op of operations) {
      const current = this.live(op.partition, op.key)?.version ?? null;
      if (current !== op.version) {
        throw new Conflict(`${op.partition}/${op.key} is at version ${current}, expected ${op.version}`);
      }
    }
    if (++this.commitCount % SWEEP_EVERY_WRITES === 0) void this.sweepExpired();
    for (const op of operations) {
      if (op.type === 'check') continue;
      let docs = this.partitions.get(op.partition);
      if (op.type === 'delete') {
        docs?.delete(op.key);
        continue;
      }
      if (!docs) this.partitions.set(op.partition, (docs = new PartitionDocs()));
      docs.set(op.key, { version: (op.version ?? 0) + 1, value: copyUnlessImmutable(op.value), ...expiryField(op.expiresAt), ...commitsField(op.commits) });
      if (op.expiresAt !== undefined) this.expiring.set(`${op.partition}\u0000${op.key}`, { partition: op.partition, key: op.key });
    }
  }

  /** The document if it exists and has not expired. */
  private live(partition: string, key: string): Entry | undefined {
    const entry = this.partitions.get(partition)?.get(key);
    return entry && !isExpired(entry.expiresAt, this.clock.now()) ? entry : undefined;
  }
}

function toDoc<T extends DocValue>(partition: string, key: string, entry: Entry): Doc<T> {
  return { partition, key, version: entry.version, value: copyUnlessImmutable(entry.value) as T, ...expiryField(entry.expiresAt), ...commitsField(entry.commits) };
}

/** A value to store or hand out: itself if marked immutable, else a copy, so no caller changes another's. */
const copyUnlessImmutable = (value: DocValue): DocValue => (isImmutableValue(value) ? value : copyValue(value));

/** `{ commits }` (a copy) when there is a trail, else nothing. */
function commitsField(commits: readonly string[] | undefined): { commits?: string[] } {
  return commits === undefined ? {} : { commits: [...commits] };
}

const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));
