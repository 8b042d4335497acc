import {
  assertBatchFits,
  Conflict,
  DEFAULT_PAGE_SIZE,
  MAX_PAGE_SIZE,
  type Doc,
  type DocValue,
  type Operation,
  type Page,
  type QueryOptions,
  type Store,
  type StoreCapabilities,
} from '@kumo/core';

/** Limits of the embedded store: generous, but finite like a cloud's, so oversize bugs show up locally. */
export const memoryStoreCapabilities: StoreCapabilities = {
  crossPartitionTransactions: true,
  maxTransactionItems: 100,
  maxItemBytes: 400 * 1024,
};

/**
 * In-process store with the semantics of a cloud store: every call yields to the event loop, so
 * concurrent units of work really interleave and really conflict; values are copied in and out.
 */
export class MemoryStore implements Store {
  private readonly partitions = new Map<string, Map<string, Stored>>();

  constructor(readonly capabilities: StoreCapabilities = memoryStoreCapabilities) {}

  /** Reads one document. */
  async get<T extends DocValue>(partition: string, key: string): Promise<Doc<T> | undefined> {
    await yieldToLoop();
    const entry = this.partitions.get(partition)?.get(key);
    return entry && toDoc<T>(partition, key, entry);
  }

  /** Lists a partition in key order. */
  async query<T extends DocValue>(partition: string, options: QueryOptions = {}): Promise<Page<T>> {
    await yieldToLoop();
    const limit = Math.min(options.limit ?? DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
    const prefix = options.prefix ?? '';
    let keys = [...(this.partitions.get(partition)?.keys() ?? [])].filter((key) => key.startsWith(prefix)).sort();
    if (options.reverse) keys.reverse();
    if (options.cursor !== undefined) {
      const after = options.cursor;
      keys = keys.filter((key) => (options.reverse ? key < after : key > after));
    }
    const page = keys.slice(0, limit);
    const items = page.map((key) => {
      return toDoc<T>(partition, key, this.partitions.get(partition)!.get(key)!);
    });
    return keys.length > limit ? { items, cursor: page.at(-1) } : { items };
  }

  /** Checks every condition, then applies every write, with no await in between: atomic. */
  async commit(operations: readonly Operation[]): Promise<void> {
    assertBatchFits(operations, this.capabilities);
    await yieldToLoop();
    for (const op of operations) {
      const current = this.partitions.get(op.partition)?.get(op.key)?.version ?? null;
      if (current !== op.version) {
        throw new Conflict(`${op.partition}/${op.key} is at version ${current}, expected ${op.version}`);
      }
    }
    for (const op of operations) {
      if (op.type === 'check') continue;
      let docs = this.partitions.get(op.partition);
      if (op.type === 'delete') {
        docs?.delete(op.key);
        continue;
      }
      if (!docs) this.partitions.set(op.partition, (docs = new Map()));
      docs.set(op.key, { version: (op.version ?? 0) + 1, value: structuredClone(op.value), commits: op.commits && [...op.commits] });
    }
  }
}

/** A stored document: its version, value and commit trail. */
interface Stored {
  version: number;
  value: DocValue;
  commits?: string[];
}

function toDoc<T extends DocValue>(partition: string, key: string, entry: Stored): Doc<T> {
  const doc: Doc<T> = { partition, key, version: entry.version, value: structuredClone(entry.value) as T };
  if (entry.commits) doc.commits = [...entry.commits];
  return doc;
}

const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));
