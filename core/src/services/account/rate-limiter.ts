import { createHash } from 'node:crypto';
import { Conflict, KumoError } from '../../ports/errors';
import type { Clock } from '../../ports/clock';
import type { Store } from '../../ports/store';
import { transact } from '../../store/transact';

/** At most `limit` hits per `windowMs` for one subject (a client address, an account). */
export interface RateRule {
  /** Names the counters (`ratelimit:<name>:...`). */
  name: string;
  limit: number;
  windowMs: number;
}

/** Too many attempts: answered 429 with `Retry-After`. */
export class RateLimited extends KumoError {
  constructor(rule: string, readonly retryAfterSeconds: number) {
    super('unavailable', 'rate_limited', `too many attempts (${rule}); retry in ${retryAfterSeconds} s`, { retryAfterSeconds });
  }
}

/** One window's counter document. */
interface WindowCount {
  [field: string]: unknown;
  window: number;
  count: number;
}

/** Subjects are hashed into this many counter partitions per rule, so counters never outgrow it. */
export const RATE_BUCKETS = 65536;

/** Window slots per bucket: the current window and the one before (keys `w0`, `w1`, reused in turn). */
const SLOTS = 2;

/** Attempts at counting a hit before a contended counter counts as over the limit. */
const MAX_ATTEMPTS = 5;

/**
 * Sliding-window rate limits kept in the Store, so every function instance sees the same counts.
 * A subject is hashed into one of `RATE_BUCKETS` partitions per rule; each holds a ring of two
 * fixed-window counters (`w<window mod 2>`), overwritten when their window comes round again, so
 * the number of documents is bounded whatever subjects arrive (and needs no TTL). The estimate
 * is the current window's count plus the previous window's, weighted by how much of it still
 * overlaps the sliding window. Subjects that share a bucket share a limit (rare, harmless).
 */
export class RateLimiter {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  /** Throws `RateLimited` if the subject is at its limit, else counts one hit. */
  async take(rule: RateRule, subject: string): Promise<void> {
    await this.hit(rule, subject, true);
  }

  /** Throws `RateLimited` if the subject is at its limit; counts nothing. */
  async check(rule: RateRule, subject: string): Promise<void> {
    await this.hit(rule, subject, false);
  }

  /** Counts one hit (e.g. a failed attempt), without refusing. */
  async count(rule: RateRule, subject: string): Promise<void> {
    await this.hit(rule, subject, true, Infinity);
  }

  private async hit(rule: RateRule, subject: string, counts: boolean, limit = rule.limit): Promise<void> {
    const now = this.clock.now();
    const window = Math.floor(now / rule.windowMs);
    const partition = `ratelimit:${rule.name}:${bucket(subject)}`;
    const previous = await this.store.get<WindowCount>(partition, slot(window - 1));
    const previousCount = previous?.value.window === window - 1 ? previous.value.count : 0;
    const overlap = 1 - (now - window * rule.windowMs) / rule.windowMs;
    try {
      await transact(
        this.store,
        async (tx) => {
          const current = await tx.get<WindowCount>(partition, slot(window));
          const count = current?.value.window === window ? current.value.count : 0;
          if (previousCount * overlap + count >= limit) throw new RateLimited(rule.name, retryAfter(rule, now, window, count, previousCount));
          if (counts) tx.put<WindowCount>(partition, slot(window), { window, count: count + 1 });
        },
        { maxAttempts: MAX_ATTEMPTS },
      );
    } catch (error) {
      if (error instanceof Conflict) throw new RateLimited(rule.name, 1);
      throw error;
    }
  }
}

const slot = (window: number) => `w${((window % SLOTS) + SLOTS) % SLOTS}`;

const bucket = (subject: string) => createHash('sha256').update(subject).digest().readUInt16BE(0) % RATE_BUCKETS;

/** Whole seconds until the sliding estimate falls below the limit again. */
function retryAfter(rule: RateRule, now: number, window: number, count: number, previousCount: number): number {
  const windowEnd = (window + 1) * rule.windowMs;
  const at = count >= rule.limit || previousCount === 0 ? windowEnd : window * rule.windowMs + rule.windowMs * (1 - (rule.limit - count) / previousCount);
  return Math.max(1, Math.ceil((Math.min(at, windowEnd) - now) / 1000));
}
