import { AsyncLocalStorage } from 'node:async_hooks';
import type { DocValue } from '../ports/store';
import type { Transaction } from './transact';

/** One document a committed unit of work changed: its value before (absent: created) and after (absent: deleted). */
export interface DocumentChange {
  partition: string;
  key: string;
  before?: DocValue;
  after?: DocValue;
}

/** The changes committed while a `withChangeLog` call ran, in commit order. */
export type ChangeLog = DocumentChange[];

/**
 * Writes that join a unit of work's commit: called by `transact` with the transaction and the
 * changes it is about to commit (and the log of the commits that landed before it in the same
 * `withChangeLog` call), it may read and stage more documents through `tx`, which then land in the
 * same atomic batch or not at all. `transact` calls it only on a store whose batches may span
 * partitions (`crossPartitionTransactions`), and not for a commit that writes nothing.
 */
export type CompanionWrites = (tx: Transaction, changes: readonly DocumentChange[], landed: ChangeLog) => Promise<void>;

/**
 * Documents the companion writes of one commit may add (the audit entry and its idempotency-key
 * marker): a unit of work that fills a batch leaves this much room under the store's
 * `maxTransactionItems`, so an admin request's commit still fits (see `writesPerTransaction`).
 */
export const COMPANION_WRITES_ROOM = 2;

/** How many documents one unit of work may write on a store with this batch limit and still take its companion writes. */
export const writesPerTransaction = (maxTransactionItems: number): number => Math.max(1, maxTransactionItems - COMPANION_WRITES_ROOM);

interface Scope {
  changes: ChangeLog;
  companion?: CompanionWrites;
}

const current = new AsyncLocalStorage<Scope>();

/**
 * Runs `work` with a change log: every `transact` commit that lands while it runs (in its async
 * context, not in work started elsewhere) appends the documents it changed, with their values
 * before (as read by the unit of work) and after. The audit trail reads it to show what an admin
 * write changed without any service reporting it, and passes `companion` to commit its entry
 * with each change (see `CompanionWrites`). Returns `work`'s result and the log.
 */
export async function withChangeLog<R>(work: () => Promise<R>, options: { companion?: CompanionWrites } = {}): Promise<{ result: R; changes: ChangeLog }> {
  const changes: ChangeLog = [];
  const result = await current.run({ changes, ...options }, work);
  return { result, changes };
}

/** Appends a landed commit's changes to the change log of the running `withChangeLog` call, if any. */
export function noteChanges(changes: readonly DocumentChange[]): void {
  current.getStore()?.changes.push(...changes);
}

/** Whether a `withChangeLog` call is running in this async context (so collecting changes is worth it). */
export const changeLogActive = () => current.getStore() !== undefined;

/** Stages the running `withChangeLog` call's companion writes for a commit of `changes`, if it has any. */
export async function stageCompanionWrites(tx: Transaction, changes: readonly DocumentChange[]): Promise<void> {
  const scope = current.getStore();
  if (scope?.companion && changes.length > 0) await scope.companion(tx, changes, scope.changes);
}
