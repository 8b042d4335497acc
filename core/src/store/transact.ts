import { Conflict, Throttled } from '../ports/errors';
import type { Doc, DocValue, Operation, Store } from '../ports/store';
import { expiryField, type PutOptions } from './expiry';

/** A unit of work: reads through it are remembered; writes are staged until commit. */
export interface Transaction {
  /** Reads a document (staged writes of this transaction are visible). */
  get<T extends DocValue = DocValue>(partition: string, key: string): Promise<Doc<T> | undefined>;
  /** Stages a create or replace; with `expiresAt` the document expires then (Store contract, TTL). */
  put<T extends DocValue>(partition: string, key: string, value: T, options?: PutOptions): void;
  /** Stages a delete (a no-op if the document does not exist at commit). */
  delete(partition: string, key: string): void;
}

/** Options of `transact`. */
export interface TransactOptions {
  /** Attempts before the last `Conflict` is thrown. Default 25. */
  maxAttempts?: number;
  /** First backoff in ms; doubles each attempt, with full jitter. Default 5. */
  baseDelayMs?: number;
  /** Largest backoff in ms. Default 400. */
  maxDelayMs?: number;
  /** Called after each conflict (for metrics and tests). */
  onConflict?: (attempt: number) => void;
}

type Staged = { kind: 'put'; value: DocValue; expiresAt?: number } | { kind: 'delete' };

const address = (partition: string, key: string) => `${partition}\u0000${key}`;

/**
 * Runs `work` as an optimistic unit of work on `store` and commits it atomically.
 *
 * Every document read through the transaction becomes a condition of the commit (its version,
 * or its absence). Documents written without being read are read at commit time, so every
 * write is conditional. If a condition fails the store throws `Conflict`; `transact` then
 * waits a jittered, growing delay and runs `work` again from scratch, up to `maxAttempts`
 * times, and finally rethrows the `Conflict`. `work` must therefore have no side effects
 * outside the transaction. Any other error aborts at once with nothing written.
 */
export async function transact<R>(store: Store, work: (tx: Transaction) => Promise<R>, options: TransactOptions = {}): Promise<R> {
  const maxAttempts = options.maxAttempts ?? 25;
  const base = options.baseDelayMs ?? 5;
  const cap = options.maxDelayMs ?? 400;
  for (let attempt = 1; ; attempt++) {
    try {
      return await attemptOnce(store, work);
    } catch (error) {
      const retryable = error instanceof Conflict || error instanceof Throttled;
      if (!retryable || attempt >= maxAttempts) throw error;
      options.onConflict?.(attempt);
      const ceiling = Math.min(cap, base * 2 ** (attempt - 1));
      await sleep(Math.random() * ceiling);
    }
  }
}

async function attemptOnce<R>(store: Store, work: (tx: Transaction) => Promise<R>): Promise<R> {
  const reads = new Map<string, { partition: string; key: string; version: number | null; doc?: Doc }>();
  const writes = new Map<string, { partition: string; key: string; staged: Staged }>();

  const read = async (partition: string, key: string) => {
    const id = address(partition, key);
    const known = reads.get(id);
    if (known) return known;
    const doc = await store.get(partition, key);
    const entry = { partition, key, version: doc?.version ?? null, doc };
    reads.set(id, entry);
    return entry;
  };

  const tx: Transaction = {
    async get<T extends DocValue>(partition: string, key: string) {
      const write = writes.get(address(partition, key));
      const entry = await read(partition, key);
      if (write) {
        if (write.staged.kind === 'delete') return undefined;
        return { partition, key, version: (entry.version ?? 0) + 1, value: write.staged.value as T, ...expiryField(write.staged.expiresAt) };
      }
      return entry.doc as Doc<T> | undefined;
    },
    put(partition, key, value, options = {}) {
      writes.set(address(partition, key), { partition, key, staged: { kind: 'put', value: structuredClone(value), ...expiryField(options.expiresAt) } });
    },
    delete(partition, key) {
      writes.set(address(partition, key), { partition, key, staged: { kind: 'delete' } });
    },
  };

  const result = await work(tx);
  if (writes.size === 0) return result;
  for (const write of writes.values()) await read(write.partition, write.key);

  const operations: Operation[] = [];
  for (const [id, entry] of reads) {
    const write = writes.get(id);
    const { partition, key, version } = entry;
    if (!write) operations.push({ type: 'check', partition, key, version });
    else if (write.staged.kind === 'put') operations.push({ type: 'put', partition, key, version, value: write.staged.value, ...expiryField(write.staged.expiresAt) });
    else if (version !== null) operations.push({ type: 'delete', partition, key, version });
    else operations.push({ type: 'check', partition, key, version });
  }
  await store.commit(operations);
  return result;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
