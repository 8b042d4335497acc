import type { Clock } from '../ports/clock';

interface Entry<V> {
  value: Promise<V>;
  expiresAt: number;
}

/**
 * An in-memory cache whose entries live `ttlMs` (Clock time). Concurrent misses of one key share
 * one load, so a burst of requests reads the store once. Failed loads are not cached. When full,
 * the oldest entry is dropped.
 */
export class TtlCache<V> {
  private readonly entries = new Map<string, Entry<V>>();

  constructor(
    private readonly clock: Clock,
    private readonly ttlMs: number,
    private readonly maxEntries = 10_000,
  ) {}

  /** The cached value of `key`, or the result of `load` (then cached). */
  get(key: string, load: () => Promise<V>): Promise<V> {
    const now = this.clock.now();
    const entry = this.entries.get(key);
    if (entry && entry.expiresAt > now) return entry.value;
    this.entries.delete(key);
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    const value = load();
    this.entries.set(key, { value, expiresAt: now + this.ttlMs });
    value.catch(() => {
      if (this.entries.get(key)?.value === value) this.entries.delete(key);
    });
    return value;
  }

  /** Forgets one key, so the next `get` loads it again. */
  delete(key: string): void {
    this.entries.delete(key);
  }
}
