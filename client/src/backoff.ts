/** Exponential backoff with full jitter: how long to wait before retry number `attempt` (0-based). */
export interface Backoff {
  /** First delay ceiling in ms (default 200). */
  initialMs?: number;
  /** Largest delay in ms (default 10 000). */
  maxMs?: number;
}

/** A random delay in [ceiling/2, ceiling], the ceiling doubling with each attempt up to `maxMs`. */
export function backoffDelay(attempt: number, backoff: Backoff = {}): number {
  const ceiling = Math.min(backoff.maxMs ?? 10_000, (backoff.initialMs ?? 200) * 2 ** attempt);
  return ceiling / 2 + Math.random() * (ceiling / 2);
}

/** Resolves after `ms`. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
