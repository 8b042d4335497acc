import type { Clock } from '../../ports/clock';
import type { DocValue, Store } from '../../ports/store';
import { transact } from '../../store/transact';

/**
 * Definitions every player shares (item models, stamina models): documents of one shared
 * partition, never written inside a player's transaction. Reads are cached in memory for
 * `ttlMs`, so a hot path (every purchase) does not read the store; a definition changed on
 * another instance is seen there within `ttlMs`. Unknown keys are not cached.
 */
export class Catalog<T extends DocValue> {
  private readonly cache = new Map<string, { value: T; until: number }>();

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly partition: string,
    private readonly ttlMs = 30_000,
  ) {}

  /** The definition under `key`, or undefined. */
  async get(key: string): Promise<T | undefined> {
    const cached = this.cache.get(key);
    if (cached && cached.until > this.clock.now()) return cached.value;
    const doc = await this.store.get<T>(this.partition, key);
    if (doc) this.remember(key, doc.value);
    return doc?.value;
  }

  /** Creates or replaces a definition. */
  async put(key: string, value: T): Promise<T> {
    await transact(this.store, async (tx) => tx.put(this.partition, key, value));
    this.remember(key, value);
    return value;
  }

  /** Definitions in key order, a page at a time. */
  async list(options: { limit?: number; cursor?: string } = {}): Promise<{ items: T[]; cursor?: string }> {
    const page = await this.store.query<T>(this.partition, options);
    return { items: page.items.map((doc) => doc.value), cursor: page.cursor };
  }

  private remember(key: string, value: T): void {
    this.cache.set(key, { value, until: this.clock.now() + this.ttlMs });
  }
}
