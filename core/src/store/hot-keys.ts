import type { Doc, DocAddress, DocValue, Operation, Page, QueryOptions, Store } from '../ports/store';

/** A key the tracker saw often: `count` may overestimate by at most `error` (see `HotKeyTracker`). */
export interface HotKey {
  key: string;
  count: number;
  error: number;
  /** `count` as a fraction of every access recorded. */
  share: number;
}

/**
 * Counts accesses per key in memory and reports the busiest ones — the "1% of keys take 90% of
 * the traffic" problem: a popular event's leaderboard, a world chat room, one shared counter.
 *
 * Memory is bounded with the Space-Saving algorithm (Metwally et al.): at most `capacity` keys are
 * counted; a new key evicts the least-counted one and inherits its count as `error`. Any key whose
 * true share exceeds `1 / capacity` is guaranteed to be reported, and reported counts overestimate
 * by at most `error`. Counts are per process (per function instance); that is enough to spot a hot
 * key, since a hot key is hot on every instance. The counters form a min-heap on count, so a
 * record costs O(log capacity), evictions included: cheap enough to see every store call.
 */
export class HotKeyTracker {
  /** Heap slot of each counted key. */
  private readonly slots = new Map<string, number>();
  private readonly keys: string[] = [];
  private readonly counts: number[] = [];
  private readonly errors: number[] = [];
  private recorded = 0;

  constructor(private readonly capacity = 1000) {}

  /** Records `weight` accesses of `key`. */
  record(key: string, weight = 1): void {
    this.recorded += weight;
    const slot = this.slots.get(key);
    if (slot !== undefined) {
      this.counts[slot]! += weight;
      this.sink(slot);
      return;
    }
    if (this.keys.length < this.capacity) {
      this.keys.push(key);
      this.counts.push(weight);
      this.errors.push(0);
      this.slots.set(key, this.keys.length - 1);
      this.rise(this.keys.length - 1);
      return;
    }
    const least = this.counts[0]!;
    this.slots.delete(this.keys[0]!);
    this.keys[0] = key;
    this.counts[0] = least + weight;
    this.errors[0] = least;
    this.slots.set(key, 0);
    this.sink(0);
  }

  /** The `limit` busiest keys, busiest first. */
  top(limit = 10): HotKey[] {
    return this.keys
      .map((key, slot) => ({ key, count: this.counts[slot]!, error: this.errors[slot]! }))
      .sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : 1))
      .slice(0, limit)
      .map((hot) => ({ ...hot, share: this.recorded === 0 ? 0 : hot.count / this.recorded }));
  }

  /** Every access recorded since the last reset. */
  total(): number {
    return this.recorded;
  }

  /** Forgets everything (start a new observation window). */
  reset(): void {
    this.slots.clear();
    this.keys.length = this.counts.length = this.errors.length = 0;
    this.recorded = 0;
  }

  /** Moves the counter at `slot` up while it counts less than its parent. */
  private rise(slot: number): void {
    while (slot > 0) {
      const parent = (slot - 1) >> 1;
      if (this.counts[parent]! <= this.counts[slot]!) return;
      this.swap(slot, parent);
      slot = parent;
    }
  }

  /** Moves the counter at `slot` down while a child counts less. */
  private sink(slot: number): void {
    for (;;) {
      const left = 2 * slot + 1;
      if (left >= this.keys.length) return;
      const right = left + 1;
      const child = right < this.keys.length && this.counts[right]! < this.counts[left]! ? right : left;
      if (this.counts[slot]! <= this.counts[child]!) return;
      this.swap(slot, child);
      slot = child;
    }
  }

  private swap(a: number, b: number): void {
    const { keys, counts, errors } = this;
    [keys[a], keys[b]] = [keys[b]!, keys[a]!];
    [counts[a], counts[b]] = [counts[b]!, counts[a]!];
    [errors[a], errors[b]] = [errors[b]!, errors[a]!];
    this.slots.set(keys[a]!, a);
    this.slots.set(keys[b]!, b);
  }
}

/** The tracker's key of a document address. */
export const documentKey = (partition: string, key: string) => `${partition}/${key}`;

/**
 * Wraps a store so that every document it reads or writes is recorded in `tracker` (queries are
 * recorded as `<partition>/*`). Every app's store is wrapped (`coreModule`); the wrapper changes no
 * behaviour and keeps every optional method of the store.
 */
export function trackHotKeys(store: Store, tracker: HotKeyTracker): Store {
  const tracked: Store = {
    capabilities: store.capabilities,
    get<T extends DocValue>(partition: string, key: string): Promise<Doc<T> | undefined> {
      tracker.record(documentKey(partition, key));
      return store.get<T>(partition, key);
    },
    query<T extends DocValue>(partition: string, options?: QueryOptions): Promise<Page<T>> {
      tracker.record(documentKey(partition, '*'));
      return store.query<T>(partition, options);
    },
    commit(operations: readonly Operation[]): Promise<void> {
      for (const op of operations) tracker.record(documentKey(op.partition, op.key));
      return store.commit(operations);
    },
  };
  if (store.getMany) {
    const getMany = store.getMany.bind(store);
    tracked.getMany = <T extends DocValue>(addresses: readonly DocAddress[]) => {
      for (const address of addresses) tracker.record(documentKey(address.partition, address.key));
      return getMany<T>(addresses);
    };
  }
  if (store.increment) {
    const increment = store.increment.bind(store);
    tracked.increment = (partition, key, field, amount) => {
      tracker.record(documentKey(partition, key));
      return increment(partition, key, field, amount);
    };
  }
  if (store.putMany) {
    const putMany = store.putMany.bind(store);
    tracked.putMany = (docs) => {
      for (const doc of docs) tracker.record(documentKey(doc.partition, doc.key));
      return putMany(docs);
    };
  }
  if (store.sweepExpired) tracked.sweepExpired = store.sweepExpired.bind(store);
  if (store.listPartitions) tracked.listPartitions = store.listPartitions.bind(store);
  return tracked;
}

/**
 * A stable shard for a key (FNV-1a hash modulo `shards`): the same key always lands on the same
 * shard, and many keys spread evenly. Use it to place per-user documents of a shared resource
 * (one leaderboard's scores) in several partitions, so that no partition takes all the writes.
 */
export function stableShard(key: string, shards: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % shards;
}
