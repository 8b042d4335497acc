import { CommitUnknown, Conflict, Throttled } from '../ports/errors';
import { idEntropy } from '../ports/ids';
import { COMMIT_TRAIL_LENGTH, type Doc, type DocAddress, type DocValue, type Operation, type Store, type StoreSession } from '../ports/store';
import { expiryField, type PutOptions } from './expiry';
import { getMany } from './read-many';
import { changeLogActive, noteChanges, stageCompanionWrites, type DocumentChange } from './change-log';

/**
 * A hint that saves a round trip: the document is expected NOT to exist (an idempotency record on
 * its first use, a receipt under a fresh id), so the first attempt does not read it and only
 * conditions the commit on its absence. If it does exist the commit conflicts and the retry reads
 * it for real: a wrong guess costs an attempt, never correctness.
 */
export interface AbsenceHint {
  assumeAbsent?: boolean;
}

/** Options of `Transaction.get`. */
export interface ReadOptions extends AbsenceHint {
  /**
   * For a document that never changes once written (a chat room): read it without making it a
   * condition of the commit. It saves a check, which some stores pay as a write and where
   * concurrent checks of one document conflict (`StoreCapabilities.checkWrites`). A document the
   * unit of work also reads without `unchecked`, or writes, is checked as usual.
   */
  unchecked?: boolean;
  /**
   * Only that the document exists matters, not its version (the account a unit of work acts for):
   * the commit checks its presence (`Operation` check with `presence`), which a store may do
   * without a write where a version check costs one (Cosmos DB). A document the unit of work also
   * reads without `presence`, or writes, is checked as usual.
   */
  presence?: boolean;
}

/** A unit of work: reads through it are remembered; writes are staged until commit. */
export interface Transaction {
  /**
   * Reads a document (staged writes of this transaction are visible). Reads started together
   * (under one `Promise.all`, say) reach the store in one batched call.
   */
  get<T extends DocValue = DocValue>(partition: string, key: string, options?: ReadOptions): Promise<Doc<T> | undefined>;
  /** Stages a create or replace; with `expiresAt` the document expires then (Store contract, TTL). */
  put<T extends DocValue>(partition: string, key: string, value: T, options?: PutOptions & AbsenceHint): void;
  /** Stages a delete (a no-op if the document does not exist at commit). */
  delete(partition: string, key: string): void;
}

/** Options of `transact`. */
export interface TransactOptions {
  /** Attempts before the last `Conflict` is thrown. Default 40. */
  maxAttempts?: number;
  /** First backoff in ms; doubles each attempt, with full jitter. Default 5. */
  baseDelayMs?: number;
  /** Largest backoff in ms. Default 400. */
  maxDelayMs?: number;
  /** Called after each attempt that is retried: a conflict, throttling or an unresolved unknown outcome (for metrics and tests). */
  onConflict?: (attempt: number) => void;
}

type Staged = { kind: 'put'; value: DocValue; expiresAt?: number } | { kind: 'delete' };

const address = (partition: string, key: string) => `${partition}\u0000${key}`;

/** An attempt whose commit's outcome is unknown: its batch and the result its work returned. */
interface Unresolved {
  operations: Operation[];
  result: unknown;
  changes: DocumentChange[];
}

/** Attempts of one `transact` call whose outcome is unknown, by commit id. */
type Pending = Map<string, Unresolved>;

/**
 * Runs `work` as an optimistic unit of work on `store` and commits it atomically.
 *
 * Every document read through the transaction becomes a condition of the commit (its version,
 * or its absence; its presence only if every read of it asked for `presence`), unless every read
 * of it was `unchecked`. Documents written without being read
 * are read at commit time (together, in one batched read), so every write is conditional. On the first attempt a document read or written
 * with `assumeAbsent` is not read: the commit is conditioned on its absence; later attempts ignore
 * the hint, and so does an attempt whose `work` throws while a document assumed absent exists
 * (its refusal may come from the wrong guess: an idempotent request repeated). Reads that `work` starts in the same turn of the event loop are sent as one
 * `getMany`, so a unit of work that reads what it needs together and writes with hints costs two
 * round trips: one batched read, one commit (a store that offers `session` gets both in one
 * backend transaction per attempt: Datastore's lookup begins it). If a condition fails the store throws `Conflict`; `transact` then
 * waits a jittered, growing delay and runs `work` again from scratch, up to `maxAttempts`
 * times, and finally rethrows the `Conflict` (`Throttled` is retried the same way). `work` must
 * therefore have no side effects outside the transaction. Any other error aborts at once with
 * nothing written.
 *
 * Each attempt writes a fresh commit id with every document it puts (the Store port's commit
 * trail). When the store answers `CommitUnknown`, the documents are read back: if one lists the
 * attempt's id the commit landed and its result is returned; if not, the attempt is retried, and
 * the id stays pending for the rest of the call: a later attempt that reads a document listing it
 * (the first commit landed late), or whose commit fails a condition because it did, returns the
 * first attempt's result instead of applying the work twice.
 *
 * Inside `withChangeLog`, each landed commit's changes are noted in the log, and the log's
 * companion writes (the audit entry of an admin write) are staged into the same batch, on a store
 * whose batches may span partitions.
 */
export async function transact<R>(store: Store, work: (tx: Transaction) => Promise<R>, options: TransactOptions = {}): Promise<R> {
  const maxAttempts = options.maxAttempts ?? 40;
  const base = options.baseDelayMs ?? 5;
  const cap = options.maxDelayMs ?? 400;
  const pending: Pending = new Map();
  for (let attempt = 1; ; attempt++) {
    try {
      return await attemptOnce(store, work, pending, attempt === 1);
    } catch (error) {
      const retryable = error instanceof Conflict || error instanceof Throttled || error instanceof CommitUnknown;
      if (!retryable || attempt >= maxAttempts) throw error;
      options.onConflict?.(attempt);
      const ceiling = Math.min(cap, base * 2 ** (attempt - 1));
      await sleep(Math.random() * ceiling);
    }
  }
}

async function attemptOnce<R>(store: Store, work: (tx: Transaction) => Promise<R>, pending: Pending, hints: boolean): Promise<R> {
  const session = store.session?.();
  try {
    const scope: AttemptScope = session
      ? { getMany: (addresses) => session.getMany(addresses), commit: (operations) => session.commit(operations), session: true }
      : { getMany: (addresses) => getMany(store, addresses), commit: (operations) => store.commit(operations), session: false };
    return await attemptIn(store, scope, work, pending, hints);
  } finally {
    session?.release();
  }
}

/**
 * Where an attempt reads and commits: a session of the store (`Store.session`), or the store
 * itself. Unchecked reads stay out of a session (read from the store, beside it), so that its
 * backend transaction does not conflict on them.
 */
interface AttemptScope {
  getMany(addresses: readonly DocAddress[]): Promise<Array<Doc | undefined>>;
  commit: StoreSession['commit'];
  session: boolean;
}

async function attemptIn<R>(store: Store, scope: AttemptScope, work: (tx: Transaction) => Promise<R>, pending: Pending, hints: boolean): Promise<R> {
  const commitId = idEntropy(12).toString('base64url');
  const writes = new Map<string, { partition: string; key: string; staged: Staged }>();
  let landedEarlier: Unresolved | undefined;
  const reader = new BatchedReads(store, scope, (doc) => {
    landedEarlier ??= doc?.commits?.map((commit) => pending.get(commit)).find((earlier) => earlier !== undefined);
  });
  const reads = reader.entries;
  /** Documents the commit checks, by address: whether only their presence matters. */
  const checked = new Map<string, boolean>();

  const tx: Transaction = {
    async get<T extends DocValue>(partition: string, key: string, options: ReadOptions = {}) {
      const id = address(partition, key);
      if (!options.unchecked) checked.set(id, (checked.get(id) ?? true) && options.presence === true);
      const write = writes.get(id);
      const entry = hints && options.assumeAbsent ? reader.assumeAbsent(partition, key) : await reader.read(partition, key, options.unchecked);
      if (write) {
        if (write.staged.kind === 'delete') return undefined;
        return { partition, key, version: (entry.version ?? 0) + 1, value: write.staged.value as T, ...expiryField(write.staged.expiresAt) };
      }
      return entry.doc as Doc<T> | undefined;
    },
    put(partition, key, value, options = {}) {
      if (hints && options.assumeAbsent) reader.assumeAbsent(partition, key);
      writes.set(address(partition, key), { partition, key, staged: { kind: 'put', value: structuredClone(value), ...expiryField(options.expiresAt) } });
    },
    delete(partition, key) {
      writes.set(address(partition, key), { partition, key, staged: { kind: 'delete' } });
    },
  };

  const readWrites = () => Promise.all([...writes.values()].map((write) => reader.read(write.partition, write.key)));
  const logging = changeLogActive();
  let result: R;
  try {
    result = await work(tx);
    if (writes.size > 0 && !landedEarlier) await readWrites();
    if (logging && writes.size > 0 && !landedEarlier && store.capabilities.crossPartitionTransactions) {
      await stageCompanionWrites(tx, changesOf(reads, writes));
      await readWrites();
    }
  } catch (error) {
    if (landedEarlier) return landed(landedEarlier) as R;
    if (await reader.anyAssumedPresent()) throw new Conflict('a document assumed absent exists: retried with it read');
    throw error;
  }
  if (landedEarlier) return landed(landedEarlier) as R;
  if (writes.size === 0) return result;

  const operations: Operation[] = [];
  const changes = logging ? changesOf(reads, writes) : [];
  for (const [id, entry] of reads) {
    const write = writes.get(id);
    const { partition, key, version } = entry;
    if (!write) {
      if (checked.has(id)) operations.push({ type: 'check', partition, key, version, ...(checked.get(id) && version !== null ? { presence: true } : {}) });
    } else if (write.staged.kind === 'put') {
      const commits = [commitId, ...(entry.doc?.commits ?? [])].slice(0, COMMIT_TRAIL_LENGTH);
      const { value, expiresAt } = write.staged;
      operations.push({ type: 'put', partition, key, version, value, ...expiryField(expiresAt), commits });
    } else if (version !== null) operations.push({ type: 'delete', partition, key, version });
    else operations.push({ type: 'check', partition, key, version });
  }
  try {
    await scope.commit(operations);
    return landed({ operations, result, changes }) as R;
  } catch (error) {
    if (error instanceof CommitUnknown) pending.set(commitId, { operations, result, changes });
    if (!(error instanceof CommitUnknown || (error instanceof Conflict && pending.size > 0))) throw error;
    const earlier = await landedCommit(store, pending);
    if (earlier) return landed(earlier) as R;
    throw error;
  }
}

/** What an attempt's staged writes change, before (as read) → after, in read order: deletes of absent documents change nothing. */
function changesOf(reads: ReadonlyMap<string, ReadEntry>, writes: ReadonlyMap<string, { staged: Staged }>): DocumentChange[] {
  const changes: DocumentChange[] = [];
  for (const [id, { partition, key, version, doc }] of reads) {
    const staged = writes.get(id)?.staged;
    if (staged?.kind === 'put') changes.push({ partition, key, ...(doc ? { before: doc.value } : {}), after: staged.value });
    else if (staged?.kind === 'delete' && version !== null) changes.push({ partition, key, before: doc?.value });
  }
  return changes;
}

/** The result of the attempt whose commit landed, its changes noted in the running change log (see `withChangeLog`). */
function landed(attempt: Unresolved): unknown {
  noteChanges(attempt.changes);
  return attempt.result;
}

/** The pending attempt whose commit landed, if one did (see `transact`). */
async function landedCommit(store: Store, pending: Pending): Promise<Unresolved | undefined> {
  for (const [commitId, attempt] of pending) {
    if (await hasLanded(store, commitId, attempt.operations)) return attempt;
  }
  return undefined;
}

/**
 * Whether a batch landed: one of the documents it puts lists its commit id; a batch of deletes
 * only (which leave no trace) counts as landed when every document it deletes is gone.
 */
async function hasLanded(store: Store, commitId: string, operations: readonly Operation[]): Promise<boolean> {
  const puts = operations.filter((op) => op.type === 'put');
  if (puts.length > 0) {
    const docs = await getMany(store, puts);
    return docs.some((doc) => doc?.commits?.includes(commitId));
  }
  const deletes = operations.filter((op) => op.type === 'delete');
  const docs = await getMany(store, deletes);
  return docs.every((doc) => doc === undefined);
}

/** What an attempt knows of a document: its version when read (`null`: absent, or assumed absent) and the document. */
interface ReadEntry {
  partition: string;
  key: string;
  version: number | null;
  doc?: Doc;
  /** Assumed absent, not read. */
  assumed?: boolean;
}

/**
 * The reads of one attempt: each document is read at most once, and the reads asked for before
 * the event loop's next turn go to the store together, in one `getMany`.
 */
class BatchedReads {
  /** Every document the attempt read or assumed absent, by address. */
  readonly entries = new Map<string, ReadEntry>();
  private readonly inFlight = new Map<string, Promise<ReadEntry>>();
  private queued: Array<{ partition: string; key: string; outside: boolean; settle: (entry: ReadEntry | Error) => void }> = [];

  constructor(
    private readonly store: Store,
    private readonly scope: AttemptScope,
    private readonly onRead: (doc: Doc | undefined) => void,
  ) {}

  /** The document's entry, read with the others asked for in this turn unless already known. */
  read(partition: string, key: string, unchecked = false): Promise<ReadEntry> {
    const id = address(partition, key);
    const known = this.entries.get(id);
    if (known) return Promise.resolve(known);
    let reading = this.inFlight.get(id);
    if (!reading) {
      reading = new Promise<ReadEntry>((resolve, reject) => {
        if (this.queued.length === 0) setImmediate(() => void this.flush());
        this.queued.push({ partition, key, outside: unchecked && this.scope.session, settle: (entry) => (entry instanceof Error ? reject(entry) : resolve(entry)) });
      });
      this.inFlight.set(id, reading);
    }
    return reading;
  }

  /** The document's entry without reading it: absent, unless it is already known or being read. */
  assumeAbsent(partition: string, key: string): ReadEntry {
    const id = address(partition, key);
    const known = this.entries.get(id);
    if (known || this.inFlight.has(id)) return known ?? { partition, key, version: null };
    const entry = { partition, key, version: null, assumed: true };
    this.entries.set(id, entry);
    return entry;
  }

  /** Whether a document assumed absent exists after all (one batched read; none if nothing was assumed). */
  async anyAssumedPresent(): Promise<boolean> {
    const assumed = [...this.entries.values()].filter((entry) => entry.assumed);
    const docs = await getMany(this.store, assumed);
    return docs.some((doc) => doc !== undefined);
  }

  /** Reads a batch in order: in the scope, except unchecked reads kept out of a session (see `AttemptScope`). */
  private async readBatch(batch: ReadonlyArray<DocAddress & { outside: boolean }>): Promise<Array<Doc | undefined>> {
    const outside = batch.filter((entry) => entry.outside);
    if (outside.length === 0) return this.scope.getMany(batch);
    const inside = batch.filter((entry) => !entry.outside);
    const [insideDocs, outsideDocs] = await Promise.all([inside.length > 0 ? this.scope.getMany(inside) : [], getMany(this.store, outside)]);
    return batch.map((entry) => (entry.outside ? outsideDocs : insideDocs).shift());
  }

  private async flush(): Promise<void> {
    const batch = this.queued;
    this.queued = [];
    try {
      const docs = await this.readBatch(batch);
      for (const [i, { partition, key, settle }] of batch.entries()) {
        const doc = docs[i];
        this.onRead(doc);
        const entry = { partition, key, version: doc?.version ?? null, doc };
        this.entries.set(address(partition, key), entry);
        this.inFlight.delete(address(partition, key));
        settle(entry);
      }
    } catch (error) {
      for (const { partition, key, settle } of batch) {
        this.inFlight.delete(address(partition, key));
        settle(error instanceof Error ? error : new Error(String(error)));
      }
    }
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
