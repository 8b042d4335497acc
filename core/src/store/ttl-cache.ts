import type { Clock } from '../ports/clock';
import type { ChangeSignal } from './change-signal';

interface Entry<V> {
  value: Promise<V>;
  expiresAt: number;
}

/** Options of a `TtlCache`. */
export interface TtlCacheOptions<V> {
  /** How long an entry lives (Clock ms). */
  ttlMs: number;
  /** Most entries; when full, the oldest is dropped. Default 10,000. */
  maxEntries?: number;
  /** A signal whose every move drops all entries: changes made on other instances apply within its check interval. */
  signal?: ChangeSignal;
  /** Whether a loaded value is kept (default: always). A value not kept is loaded again next time. */
  keep?: (value: V) => boolean;
}

/**
 * An in-memory cache whose entries live `ttlMs` (Clock time). Concurrent misses of one key share
 * one load, so a burst of requests reads the store once. Failed loads are not cached. When full,
 * the oldest entry is dropped. With a `signal`, every entry is dropped when the signal moves.
 */
export class TtlCache<V> {
  private readonly entries = new Map<string, Entry<V>>();
  private readonly maxEntries: number;
  private revision: number | undefined;

  constructor(
    private readonly clock: Clock,
    private readonly options: TtlCacheOptions<V>,
  ) {
    this.maxEntries = options.maxEntries ?? 10_000;
  }

  /** The cached value of `key`, or the result of `load` (then cached). */
  async get(key: string, load: () => Promise<V>): Promise<V> {
    if (this.options.signal) {
      const revision = await this.options.signal.revision();
      if (revision !== this.revision) {
        this.revision = revision;
        this.entries.clear();
      }
    }
    const now = this.clock.now();
    const entry = this.entries.get(key);
    if (entry && entry.expiresAt > now) return entry.value;
    this.entries.delete(key);
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    const value = load();
    this.entries.set(key, { value, expiresAt: now + this.options.ttlMs });
    const drop = () => {
      if (this.entries.get(key)?.value === value) this.entries.delete(key);
    };
    value.then((loaded) => {
      if (this.options.keep && !this.options.keep(loaded)) drop();
    }, drop);
    return value;
  }

  /** Forgets one key, so the next `get` loads it again. */
  delete(key: string): void {
    this.entries.delete(key);
  }
}
