import { CommitUnknown, InterceptingStore, Throttled, type Operation, type Store, type StoreCall } from '@kumo/core';
import type { FaultSchedule } from './schedule';

/**
 * A Store that injects faults around a real one, by `schedule`: `latency` before any call;
 * `throttle` refuses a read or commit with `Throttled`; `refusedCommit` fails a commit with
 * `CommitUnknown` before it reaches the store; `ambiguousCommit` lets the commit apply, then
 * fails it with the same `CommitUnknown`, as an adapter does when a response is lost;
 * `lateCommit` fails it the same way and applies it just before the next call through the
 * wrapper, as a request that was slow to arrive. The caller cannot tell these apart; `transact`
 * must resolve them. A session's reads and commit get the same faults as the store's own; the
 * sweeper and the partition listing get none (they serve no player). Every method the wrapped
 * store offers is offered (`interceptStore`).
 */
export class FaultyStore extends InterceptingStore {
  private late: Array<readonly Operation[]> = [];

  constructor(
    private readonly store: Store,
    private readonly schedule: FaultSchedule,
  ) {
    super(store);
  }

  /** Injects the schedule's faults around one call. */
  protected async intercept<R>(call: StoreCall, proceed: () => Promise<R>): Promise<R> {
    if (call.method === 'sweepExpired' || call.method === 'listPartitions') return proceed();
    await this.beforeCall();
    if (call.method !== 'commit' && call.method !== 'session.commit') return proceed();
    if (this.schedule.roll('lateCommit')) {
      this.late.push(call.operations);
      throw new CommitUnknown('the commit timed out (injected lateCommit)', { injected: 'lateCommit' });
    }
    if (this.schedule.roll('refusedCommit')) throw new CommitUnknown('the commit timed out (injected refusedCommit)', { injected: 'refusedCommit' });
    const result = await proceed();
    if (this.schedule.roll('ambiguousCommit')) throw new CommitUnknown('the commit timed out (injected ambiguousCommit)', { injected: 'ambiguousCommit' });
    return result;
  }

  private async beforeCall(): Promise<void> {
    const late = this.late;
    this.late = [];
    for (const operations of late) await this.store.commit(operations).catch(() => undefined);
    await this.schedule.delay();
    if (this.schedule.roll('throttle')) throw new Throttled('the store throttled the request (injected)', { injected: 'throttle' });
  }
}
