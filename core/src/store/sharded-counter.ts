import { KumoError } from '../ports/errors';
import type { Store } from '../ports/store';
import { transact, type TransactOptions } from './transact';

/** Options of a `ShardedCounter`. */
export interface ShardedCounterOptions {
  /** The logical counter's name; shard `i` is the document `count` in partition `counter:<name>:<i>`. */
  name: string;
  /** How many physical documents share the writes (1..256). More shards: fewer conflicts, slower reads. */
  shards: number;
  /** Source of randomness for the shard choice (tests pin it). Default `Math.random`. */
  random?: () => number;
  /** Retry settings of each shard's transaction. */
  transact?: TransactOptions;
}

/** One shard's document. */
interface ShardDoc {
  [field: string]: unknown;
  count: number;
}

/** Most shards a counter may have: a read costs one `get` per shard. */
export const MAX_COUNTER_SHARDS = 256;

/**
 * A counter for a hot logical key (submissions to a popular event, likes of a viral post).
 *
 * One document that every request increments serialises them: each optimistic transaction
 * conflicts with every other and retries. This counter spreads the increments over `shards`
 * documents, each in its OWN partition (so DynamoDB, Datastore and Cosmos DB also spread the
 * load over physical partitions); each `add` picks a shard at random and is a one-document,
 * single-partition transaction, so it works on every adapter. `value` sums the shards.
 *
 * On a store that declares `atomicIncrement` (DynamoDB, PostgreSQL, memory), `add` is one atomic
 * increment of the shard: no read, no conflict; an increment whose answer is lost throws
 * `CommitUnknown` (counted at most once). Elsewhere it is a transaction, retried on conflict: with
 * `s` shards and `c` concurrent writers, each shard sees about `c / s` of them, so conflicts
 * fall roughly `s`-fold. Reads cost `s` gets; the sum is exact but not a snapshot (an `add`
 * landing during the read may or may not be included).
 */
export class ShardedCounter {
  private readonly random: () => number;

  constructor(
    private readonly store: Store,
    private readonly options: ShardedCounterOptions,
  ) {
    if (!Number.isInteger(options.shards) || options.shards < 1 || options.shards > MAX_COUNTER_SHARDS) {
      throw new KumoError('invalid', 'invalid_request', `a sharded counter has 1..${MAX_COUNTER_SHARDS} shards`, { shards: options.shards });
    }
    this.random = options.random ?? Math.random;
  }

  /** The partition of shard `index`. */
  shardPartition(index: number): string {
    return `counter:${this.options.name}:${index}`;
  }

  /** Adds an integer (negative to subtract) to a randomly chosen shard: an atomic increment where the store has one. */
  async add(amount = 1): Promise<void> {
    if (!Number.isSafeInteger(amount)) throw new KumoError('invalid', 'invalid_request', 'a counter adds whole numbers', { amount });
    const partition = this.shardPartition(Math.floor(this.random() * this.options.shards));
    if (this.store.capabilities.atomicIncrement && this.store.increment) {
      await this.store.increment(partition, 'count', 'count', amount);
      return;
    }
    await transact(
      this.store,
      async (tx) => {
        const current = (await tx.get<ShardDoc>(partition, 'count'))?.value.count ?? 0;
        tx.put<ShardDoc>(partition, 'count', { count: current + amount });
      },
      this.options.transact,
    );
  }

  /** The counter's value: the sum of every shard (reads them in parallel). */
  async value(): Promise<number> {
    const shards = await Promise.all(
      Array.from({ length: this.options.shards }, (_, index) => this.store.get<ShardDoc>(this.shardPartition(index), 'count')),
    );
    return shards.reduce((sum, doc) => sum + (doc?.value.count ?? 0), 0);
  }
}
