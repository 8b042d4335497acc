/**
 * The last state a store instance saw of each document (its version and ETag), so that `commit`
 * can condition a write on the ETag its transaction just read instead of reading the document
 * again (one request and one request unit less per document). Bounded in two generations: the
 * newest states go into the current one; when it holds `limit / 2` it becomes the previous one
 * and the one before is dropped whole, so at least the `limit / 2` most recent states are kept and
 * never more than `limit`, at the cost of a map lookup or two (a least-recently-used order cost a
 * reorder per use and a scan over deleted entries per eviction). A stale or forgotten entry is
 * harmless: the write fails its `IfMatch`, or the document is read, and the transaction goes on.
 */
export class SeenItems<T> {
  private current = new Map<string, T>();
  private previous = new Map<string, T>();

  constructor(private readonly limit = 10_000) {}

  /** The remembered state, if any. */
  get(partition: string, key: string): T | undefined {
    const id = address(partition, key);
    return this.current.get(id) ?? this.previous.get(id);
  }

  /** Remembers the state. */
  remember(partition: string, key: string, item: T): void {
    const id = address(partition, key);
    this.previous.delete(id);
    this.current.set(id, item);
    if (this.current.size >= this.limit / 2) {
      this.previous = this.current;
      this.current = new Map();
    }
  }

  /** Forgets the document (deleted, or its state unknown after a failed write). */
  forget(partition: string, key: string): void {
    const id = address(partition, key);
    this.current.delete(id);
    this.previous.delete(id);
  }
}

const address = (partition: string, key: string) => `${partition}\u0000${key}`;
