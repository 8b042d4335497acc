/**
 * The last state a store instance saw of each document (its body and ETag), so that `commit`
 * can condition a write on the ETag its transaction just read instead of reading the document
 * again (one request and one request unit less per document). Bounded: the entries used least
 * recently are forgotten first. A stale entry is harmless: the write fails its `IfMatch` and the
 * transaction is retried with a fresh read.
 */
export class SeenItems<T> {
  private readonly items = new Map<string, T>();

  constructor(private readonly limit = 10_000) {}

  /** The remembered state, if any. */
  get(partition: string, key: string): T | undefined {
    return this.items.get(address(partition, key));
  }

  /** Remembers the state (most recent use). */
  remember(partition: string, key: string, item: T): void {
    const id = address(partition, key);
    this.items.delete(id);
    this.items.set(id, item);
    if (this.items.size > this.limit) this.items.delete(this.items.keys().next().value!);
  }

  /** Forgets the document (deleted, or its state unknown after a failed write). */
  forget(partition: string, key: string): void {
    this.items.delete(address(partition, key));
  }
}

const address = (partition: string, key: string) => `${partition}\u0000${key}`;
