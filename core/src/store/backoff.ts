/** How `retryWhile` spaces its tries. */
export interface BackoffOptions {
  /** Tries in all, the first included. */
  attempts: number;
  /** The wait before try n+1 is random in [0, min(maxDelayMs, baseDelayMs × 2^n)) (full jitter). */
  baseDelayMs: number;
  maxDelayMs?: number;
}

/**
 * The one throttle retry loop adapters share: runs `call` again while it throws an error that
 * `retryable` accepts, with full-jitter exponential backoff, up to `attempts` tries; then throws
 * the last error, as it throws any error `retryable` refuses at once. Callers translate the error
 * they get (`Throttled` when retries ran out). `call` must be safe to repeat.
 */
export async function retryWhile<T>(call: () => Promise<T>, retryable: (error: unknown) => boolean, options: BackoffOptions): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (!retryable(error) || attempt >= options.attempts) throw error;
      const ceiling = Math.min(options.maxDelayMs ?? Number.POSITIVE_INFINITY, options.baseDelayMs * 2 ** attempt);
      await new Promise((resolve) => setTimeout(resolve, Math.random() * ceiling));
    }
  }
}
