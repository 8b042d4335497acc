import { CommitUnknown, getMany, Throttled, type Doc, type DocAddress, type DocValue, type Operation, type Page, type QueryOptions, type Store } from '@kumo/core';
import type { FaultSchedule } from './schedule';

/**
 * A Store that injects faults around a real one, by `schedule`: `latency` before any call;
 * `throttle` refuses a read or commit with `Throttled`; `refusedCommit` fails a commit with
 * `CommitUnknown` before it reaches the store; `ambiguousCommit` lets the commit apply, then
 * fails it with the same `CommitUnknown`, as an adapter does when a response is lost;
 * `lateCommit` fails it the same way and applies it just before the next call through the
 * wrapper, as a request that was slow to arrive. The caller cannot tell these apart; `transact`
 * must resolve them.
 */
export class FaultyStore implements Store {
  private late: Array<readonly Operation[]> = [];

  constructor(
    private readonly store: Store,
    private readonly schedule: FaultSchedule,
  ) {
    if (store.sweepExpired) this.sweepExpired = () => store.sweepExpired!();
    if (store.listPartitions) this.listPartitions = (options) => store.listPartitions!(options);
    if (store.increment) {
      this.increment = async (partition, key, field, amount) => {
        await this.beforeCall();
        return store.increment!(partition, key, field, amount);
      };
    }
  }

  /** The wrapped store's atomic increment, if it has one, after injected latency or throttling. */
  readonly increment?: Store['increment'];

  /** The wrapped store's sweeper, if it has one (expiry is not a fault: no injection). */
  readonly sweepExpired?: () => Promise<number>;

  /** The wrapped store's partition listing, if it has one (no injection: copies are not services). */
  readonly listPartitions?: Store['listPartitions'];

  /** The wrapped store's capabilities. */
  get capabilities() {
    return this.store.capabilities;
  }

  /** Reads through the wrapped store, after injected latency or throttling. */
  async get<T extends DocValue>(partition: string, key: string): Promise<Doc<T> | undefined> {
    await this.beforeCall();
    return this.store.get<T>(partition, key);
  }

  /** Reads a batch through the wrapped store in one call, after injected latency or throttling. */
  async getMany<T extends DocValue>(addresses: readonly DocAddress[]): Promise<Array<Doc<T> | undefined>> {
    await this.beforeCall();
    return getMany<T>(this.store, addresses);
  }

  /** Queries through the wrapped store, after injected latency or throttling. */
  async query<T extends DocValue>(partition: string, options?: QueryOptions): Promise<Page<T>> {
    await this.beforeCall();
    return this.store.query<T>(partition, options);
  }

  /** Commits through the wrapped store, unless refused; may report an applied batch as unknown. */
  async commit(operations: readonly Operation[]): Promise<void> {
    await this.beforeCall();
    if (this.schedule.roll('lateCommit')) {
      this.late.push(operations);
      throw new CommitUnknown('the commit timed out (injected lateCommit)', { injected: 'lateCommit' });
    }
    if (this.schedule.roll('refusedCommit')) throw new CommitUnknown('the commit timed out (injected refusedCommit)', { injected: 'refusedCommit' });
    await this.store.commit(operations);
    if (this.schedule.roll('ambiguousCommit')) throw new CommitUnknown('the commit timed out (injected ambiguousCommit)', { injected: 'ambiguousCommit' });
  }

  private async beforeCall(): Promise<void> {
    const late = this.late;
    this.late = [];
    for (const operations of late) await this.store.commit(operations).catch(() => undefined);
    await this.schedule.delay();
    if (this.schedule.roll('throttle')) throw new Throttled('the store throttled the request (injected)', { injected: 'throttle' });
  }
}
