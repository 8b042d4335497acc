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
 * key, since a hot key is hot on every instance.
 */
export class HotKeyTracker {
  private readonly counters = new Map<string, { count: number; error: number }>();
  private recorded = 0;

  constructor(private readonly capacity = 1000) {}

  /** Records `weight` accesses of `key`. */
  record(key: string, weight = 1): void {
    this.recorded += weight;
    const counter = this.counters.get(key);
    if (counter) {
      counter.count += weight;
      return;
    }
    if (this.counters.size < this.capacity) {
      this.counters.set(key, { count: weight, error: 0 });
      return;
    }
    let victim: string | undefined;
    let least = Infinity;
    for (const [candidate, { count }] of this.counters) {
      if (count < least) [victim, least] = [candidate, count];
    }
    this.counters.delete(victim!);
    this.counters.set(key, { count: least + weight, error: least });
  }

  /** The `limit` busiest keys, busiest first. */
  top(limit = 10): HotKey[] {
    return [...this.counters]
      .sort(([a, x], [b, y]) => y.count - x.count || (a < b ? -1 : 1))
      .slice(0, limit)
      .map(([key, { count, error }]) => ({ key, count, error, share: this.recorded === 0 ? 0 : count / this.recorded }));
  }

  /** Every access recorded since the last reset. */
  total(): number {
    return this.recorded;
  }

  /** Forgets everything (start a new observation window). */
  reset(): void {
    this.counters.clear();
    this.recorded = 0;
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
