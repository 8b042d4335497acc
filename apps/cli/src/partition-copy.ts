import { CommitUnknown, Conflict, jsonBytes, type Doc, type Operation, type Store } from '@kumo/core';
import { ChecksumAccumulator, documentDigest, type PartitionChecksum } from './checksum';
import type { PacedCalls } from './paced-store';
import { forEachLimited } from './pool';

/** The two stores of a copy and how it talks to them. */
export interface CopyContext {
  source: Store;
  target: Store;
  calls: PacedCalls;
  /** Documents per page read (default 500). */
  pageSize?: number;
  /**
   * Documents per commit on the target (default: as many as its limits allow, at most 100). At 1,
   * every document is its own conditional write and up to `SINGLE_WRITES_IN_FLIGHT` go at once:
   * cheaper and faster where a transaction costs more than its writes (DynamoDB: 2 WCU per item).
   */
  writeBatch?: number;
}

/** Single-document commits in flight at once for one partition (with `writeBatch` 1). */
const SINGLE_WRITES_IN_FLIGHT = 4;

/** What a copy or a sync did to one partition. */
export interface PartitionOutcome {
  read: number;
  written: number;
  deleted: number;
}

/** A target document as the copy needs it: its version (for the write's condition) and digest. */
interface TargetEntry {
  version: number;
  digest: string;
}

/** Attempts per document when a batch met a concurrent writer or an unknown outcome. */
const SINGLE_ATTEMPTS = 5;

/** Every document of a partition, read a page at a time. */
export async function readPartition(calls: PacedCalls, store: Store, partition: string, pageSize = 500): Promise<Doc[]> {
  const docs: Doc[] = [];
  let cursor: string | undefined;
  do {
    const page = await calls.query(store, partition, cursor, pageSize);
    docs.push(...page.items);
    cursor = page.cursor;
  } while (cursor);
  return docs;
}

/** The order-independent checksum of documents (see checksum.ts). */
export function checksumOf(docs: Iterable<Doc>): PartitionChecksum {
  const sum = new ChecksumAccumulator();
  for (const doc of docs) sum.add(documentDigest(doc));
  return sum.result();
}

/**
 * Copies one partition from the source to the target a page at a time, starting after `cursor`
 * (a source query cursor) and calling `onPage` with the cursor to resume from after each page
 * is written. Only documents missing or different on the target are written, under the target's
 * own version, so running it again writes nothing new. Started from the beginning, it also
 * deletes target documents the source no longer has; resumed, it leaves that to the next sync.
 */
export async function copyPartition(
  context: CopyContext,
  partition: string,
  cursor: string | undefined,
  onPage: (next: string | undefined, outcome: PartitionOutcome) => Promise<void>,
): Promise<PartitionOutcome> {
  const targetIndex = indexOf(await readPartition(context.calls, context.target, partition, context.pageSize));
  const outcome: PartitionOutcome = { read: 0, written: 0, deleted: 0 };
  const fromStart = cursor === undefined;
  do {
    const page = await context.calls.query(context.source, partition, cursor, context.pageSize ?? 500);
    outcome.read += page.items.length;
    outcome.written += await writeChanged(context, partition, page.items, targetIndex);
    for (const doc of page.items) targetIndex.delete(doc.key);
    cursor = page.cursor;
    await onPage(cursor, outcome);
  } while (cursor);
  if (fromStart) outcome.deleted = await deleteExtra(context, partition, targetIndex);
  return outcome;
}

/** Whole-partition comparison of source and target, with what differs repaired unless `dryRun`. */
export interface SyncOutcome extends PartitionOutcome {
  source: PartitionChecksum;
  target: PartitionChecksum;
  differs: boolean;
}

/**
 * Compares one partition on both stores by checksum and, unless `dryRun`, makes the target equal
 * to the source: writes documents missing or different there and deletes those the source no
 * longer has (a catch-up of changes made since the copy).
 */
export async function syncPartition(context: CopyContext, partition: string, dryRun: boolean): Promise<SyncOutcome> {
  const [sourceDocs, targetDocs] = await Promise.all([
    readPartition(context.calls, context.source, partition, context.pageSize),
    readPartition(context.calls, context.target, partition, context.pageSize),
  ]);
  const source = checksumOf(sourceDocs);
  const target = checksumOf(targetDocs);
  const differs = source.documents !== target.documents || source.sum !== target.sum;
  const outcome = { source, target, differs, read: sourceDocs.length + targetDocs.length, written: 0, deleted: 0 };
  if (!differs || dryRun) return outcome;
  const targetIndex = indexOf(targetDocs);
  outcome.written = await writeChanged(context, partition, sourceDocs, targetIndex);
  for (const doc of sourceDocs) targetIndex.delete(doc.key);
  outcome.deleted = await deleteExtra(context, partition, targetIndex);
  return outcome;
}

/** Makes a target partition hold exactly `docs` (import): writes what differs, deletes the rest. */
export async function restorePartition(context: Omit<CopyContext, 'source'>, partition: string, docs: Doc[]): Promise<PartitionOutcome> {
  const targetIndex = indexOf(await readPartition(context.calls, context.target, partition, context.pageSize));
  const written = await writeChanged(context, partition, docs, targetIndex);
  for (const doc of docs) targetIndex.delete(doc.key);
  return { read: docs.length, written, deleted: await deleteExtra(context, partition, targetIndex) };
}

function indexOf(docs: Doc[]): Map<string, TargetEntry> {
  return new Map(docs.map((doc) => [doc.key, { version: doc.version, digest: documentDigest(doc) }]));
}

/** Writes the documents whose digest differs on the target (or that it lacks); returns how many. */
async function writeChanged(context: Omit<CopyContext, 'source'>, partition: string, docs: Doc[], targetIndex: Map<string, TargetEntry>): Promise<number> {
  const puts: Operation[] = [];
  for (const doc of docs) {
    const current = targetIndex.get(doc.key);
    if (current?.digest === documentDigest(doc)) continue;
    puts.push(putOf(doc, current?.version ?? null));
  }
  await applyInBatches(context, puts);
  return puts.length;
}

/** Deletes the target documents left in `extra`; returns how many. */
async function deleteExtra(context: Omit<CopyContext, 'source'>, partition: string, extra: Map<string, TargetEntry>): Promise<number> {
  const deletes: Operation[] = [...extra].map(([key, { version }]) => ({ type: 'delete', partition, key, version }));
  await applyInBatches(context, deletes);
  return deletes.length;
}

function putOf(doc: Doc, version: number | null): Operation {
  return {
    type: 'put',
    partition: doc.partition,
    key: doc.key,
    version,
    value: doc.value,
    ...(doc.expiresAt === undefined ? {} : { expiresAt: doc.expiresAt }),
    ...(doc.commits ? { commits: doc.commits } : {}),
  };
}

/**
 * Commits operations of one partition in batches that fit the target's declared limits. A batch
 * that meets a concurrent writer (`Conflict`) or whose outcome is unknown (`CommitUnknown`) is
 * redone document by document against the target's current version.
 */
async function applyInBatches(context: Omit<CopyContext, 'source'>, operations: Operation[]): Promise<void> {
  const { maxTransactionItems, maxTransactionBytes } = context.target.capabilities;
  const most = Math.max(1, Math.min(context.writeBatch ?? 100, maxTransactionItems, 100));
  const byteBudget = (maxTransactionBytes ?? Number.POSITIVE_INFINITY) * 0.9;
  const batches: Operation[][] = [];
  let bytes = 0;
  for (const op of operations) {
    const size = op.type === 'put' ? jsonBytes(op.value) : 0;
    const last = batches.at(-1);
    if (!last || last.length >= most || bytes + size > byteBudget) {
      batches.push([op]);
      bytes = size;
    } else {
      last.push(op);
      bytes += size;
    }
  }
  await forEachLimited(batches, most === 1 ? SINGLE_WRITES_IN_FLIGHT : 1, (batch) =>
    context.calls.commit(context.target, batch).catch(async (error: unknown) => {
      if (!(error instanceof Conflict || error instanceof CommitUnknown)) throw error;
      for (const op of batch) await applyOne(context, op);
    }),
  );
}

/** Applies one put or delete against the target's current version, whatever it is now. */
async function applyOne(context: Omit<CopyContext, 'source'>, op: Operation): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const current = await context.calls.get(context.target, op.partition, op.key);
    if (op.type === 'delete' && !current) return;
    if (op.type === 'put' && current && documentDigest(current) === documentDigest({ key: op.key, value: op.value, expiresAt: op.expiresAt })) return;
    const version = current?.version ?? null;
    const retry = op.type === 'delete' ? { ...op, version: version! } : { ...op, version };
    try {
      return await context.calls.commit(context.target, [retry]);
    } catch (error) {
      if (attempt >= SINGLE_ATTEMPTS || !(error instanceof Conflict || error instanceof CommitUnknown)) throw error;
    }
  }
}
