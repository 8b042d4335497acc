import pRetry from 'p-retry';
import { RateLimiter } from 'limiter';
import { Throttled, type Doc, type DocValue, type Operation, type Page, type PartitionPage, type Store } from '@kumo/core';

/** How a copy paces itself against a backend. */
export interface Pacing {
  /** Most document reads and writes per second over both stores together; none: as fast as they answer. */
  maxOpsPerSecond?: number;
  /** Retries of a call the backend keeps throttling (`Throttled`), each after a growing pause. Default 8. */
  throttleRetries?: number;
  /** Called when a throttled call is about to be retried. */
  onThrottled?: () => void;
}

/**
 * The few Store calls a copy makes, paced: each counts its documents (at least one per call)
 * against one shared budget of `maxOpsPerSecond`, and a call the adapter gave up on with
 * `Throttled` is retried with exponential backoff and jitter (0.5 s doubling up to 30 s), on top
 * of the adapter's own retries. Other errors pass through.
 */
export class PacedCalls {
  private readonly limiter?: RateLimiter;
  private readonly perSecond: number;

  constructor(private readonly pacing: Pacing = {}) {
    this.perSecond = Math.max(1, Math.floor(pacing.maxOpsPerSecond ?? 0));
    if (pacing.maxOpsPerSecond) this.limiter = new RateLimiter({ tokensPerInterval: this.perSecond, interval: 'second' });
  }

  /** One page of a partition's documents. */
  query(store: Store, partition: string, cursor: string | undefined, limit: number): Promise<Page<DocValue>> {
    return this.run(() => store.query(partition, { cursor, limit }), (page) => page.items.length);
  }

  /** One page of a listing segment. */
  listPartitions(store: Store, segment: number, segments: number, cursor: string | undefined): Promise<PartitionPage> {
    return this.run(() => store.listPartitions!({ segment, segments, cursor, limit: 100 }), () => 1);
  }

  /** One document. */
  get(store: Store, partition: string, key: string): Promise<Doc | undefined> {
    return this.run(() => store.get(partition, key), () => 1);
  }

  /** One atomic batch. */
  commit(store: Store, operations: readonly Operation[]): Promise<void> {
    return this.run(() => store.commit(operations), () => operations.length);
  }

  private async run<T>(call: () => Promise<T>, cost: (result: T) => number): Promise<T> {
    const result = await pRetry(call, {
      retries: this.pacing.throttleRetries ?? 8,
      minTimeout: 500,
      maxTimeout: 30_000,
      randomize: true,
      shouldRetry: ({ error }) => error instanceof Throttled,
      onFailedAttempt: ({ error }) => {
        if (error instanceof Throttled) this.pacing.onThrottled?.();
      },
    });
    if (this.limiter) {
      for (let left = Math.max(1, cost(result)); left > 0; left -= this.perSecond) await this.limiter.removeTokens(Math.min(left, this.perSecond));
    }
    return result;
  }
}
