import type { Clock } from '../ports/clock';
import type { ChangeSignal } from './change-signal';

interface Entry<V> {
  value: Promise<V>;
  expiresAt: number;
  /** What `value` resolved to, once it has. */
  loaded?: { value: V };
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
    const cached = this.entries.get(key);
    if (cached && cached.expiresAt > now) return cached.value;
    this.entries.delete(key);
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    const value = load();
    const entry: Entry<V> = { value, expiresAt: now + this.options.ttlMs };
    this.entries.set(key, entry);
    const drop = () => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    };
    value.then((loaded) => {
      if (this.options.keep && !this.options.keep(loaded)) drop();
      else entry.loaded = { value: loaded };
    }, drop);
    return value;
  }

  /**
   * The cached value of `key` when `get` would give it without waiting (loaded, not expired, and
   * the signal, if any, known not to have moved), as `{ value }`; else undefined, and `get` must be
   * asked. Never loads.
   */
  getNow(key: string): { value: V } | undefined {
    if (this.options.signal) {
      const revision = this.options.signal.revisionNow();
      if (revision === undefined || revision !== this.revision) return undefined;
    }
    const entry = this.entries.get(key);
    return entry?.loaded && entry.expiresAt > this.clock.now() ? entry.loaded : undefined;
  }

  /** Forgets one key, so the next `get` loads it again. */
  delete(key: string): void {
    this.entries.delete(key);
  }
}
