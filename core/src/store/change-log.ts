import { AsyncLocalStorage } from 'node:async_hooks';
import type { DocValue } from '../ports/store';

/** One document a committed unit of work changed: its value before (absent: created) and after (absent: deleted). */
export interface DocumentChange {
  partition: string;
  key: string;
  before?: DocValue;
  after?: DocValue;
}

/** The changes committed while a `withChangeLog` call ran, in commit order. */
export type ChangeLog = DocumentChange[];

const current = new AsyncLocalStorage<ChangeLog>();

/**
 * Runs `work` with a change log: every `transact` commit that lands while it runs (in its async
 * context, not in work started elsewhere) appends the documents it changed, with their values
 * before (as read by the unit of work) and after. The audit trail reads it to show what an admin
 * write changed without any service reporting it. Returns `work`'s result and the log.
 */
export async function withChangeLog<R>(work: () => Promise<R>): Promise<{ result: R; changes: ChangeLog }> {
  const changes: ChangeLog = [];
  const result = await current.run(changes, work);
  return { result, changes };
}

/** Appends a landed commit's changes to the change log of the running `withChangeLog` call, if any. */
export function noteChanges(changes: readonly DocumentChange[]): void {
  current.getStore()?.push(...changes);
}

/** Whether a `withChangeLog` call is running in this async context (so collecting changes is worth it). */
export const changeLogActive = () => current.getStore() !== undefined;
