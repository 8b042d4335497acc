import type { Clock } from '../../ports/clock';
import type { DocValue, Store } from '../../ports/store';
import { ChangeSignal } from '../../store/change-signal';
import { transact } from '../../store/transact';
import { TtlCache } from '../../store/ttl-cache';

/**
 * Definitions every player shares (item models, stamina models): documents of one shared
 * partition, never written inside a player's transaction. Reads are cached in memory for
 * `ttlMs`, so a hot path does not read the store; a definition changed on another instance is
 * seen here within about a second (a `ChangeSignal` per catalog, bumped by `put`). Unknown keys
 * are not cached. What must be exact at the moment of a purchase (a price) is read with `fresh`.
 */
export class Catalog<T extends DocValue> {
  private readonly cache: TtlCache<T | undefined>;
  private readonly changes: ChangeSignal;

  constructor(
    private readonly store: Store,
    clock: Clock,
    private readonly partition: string,
    ttlMs = 30_000,
  ) {
    this.changes = new ChangeSignal(store, clock, partition);
    this.cache = new TtlCache<T | undefined>(clock, { ttlMs, signal: this.changes, keep: (value) => value !== undefined });
  }

  /** The definition under `key`, or undefined. */
  get(key: string): Promise<T | undefined> {
    return this.cache.get(key, () => this.fresh(key));
  }

  /** The definition under `key` as stored now (no cache), or undefined. */
  async fresh(key: string): Promise<T | undefined> {
    return (await this.store.get<T>(this.partition, key))?.value;
  }

  /** Creates or replaces a definition. */
  async put(key: string, value: T): Promise<T> {
    await transact(this.store, async (tx) => tx.put(this.partition, key, value));
    this.cache.delete(key);
    await this.changes.bump();
    return value;
  }

  /** Definitions in key order, a page at a time. */
  async list(options: { limit?: number; cursor?: string } = {}): Promise<{ items: T[]; cursor?: string }> {
    const page = await this.store.query<T>(this.partition, options);
    return { items: page.items.map((doc) => doc.value), cursor: page.cursor };
  }
}
