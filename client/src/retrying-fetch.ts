import { backoffDelay, sleep, type Backoff } from './backoff';

/** The `fetch` the SDK calls (the global one by default; tests and engines may pass theirs). */
export type FetchLike = (request: Request) => Promise<Response>;

/** When and how often the SDK retries a call on its own. */
export interface RetryOptions extends Backoff {
  /** Attempts in all, the first included (default 3; 1 turns retries off). */
  attempts?: number;
}

/** Statuses after which a safe call is tried again: throttled, or the service briefly unavailable. */
const RETRIED_STATUSES = new Set([429, 502, 503, 504]);

/** Longest `Retry-After` the SDK waits for, in ms; a longer one is answered to the caller. */
const MAX_RETRY_AFTER_MS = 10_000;

/**
 * Wraps `fetch` so that calls safe to repeat are retried with backoff after a network error or a
 * 429/502/503/504 answer: GET, HEAD, PUT and DELETE, and any request carrying an
 * `Idempotency-Key` (the same key is sent each time, so the server does the work once).
 */
export function retryingFetch(fetch: FetchLike, options: RetryOptions = {}): FetchLike {
  const attempts = Math.max(1, options.attempts ?? 3);
  return async (request) => {
    if (!isSafeToRepeat(request)) return fetch(request);
    for (let attempt = 0; ; attempt++) {
      const last = attempt === attempts - 1;
      let response: Response;
      try {
        response = await fetch(last ? request : request.clone());
      } catch (error) {
        if (last || request.signal.aborted) throw error;
        await sleep(backoffDelay(attempt, options));
        continue;
      }
      if (last || !RETRIED_STATUSES.has(response.status)) return response;
      const wait = retryAfterMs(response) ?? backoffDelay(attempt, options);
      if (wait > MAX_RETRY_AFTER_MS) return response;
      await response.body?.cancel();
      await sleep(wait);
    }
  };
}

/** Whether repeating the request cannot do its work twice. */
function isSafeToRepeat(request: Request): boolean {
  return ['GET', 'HEAD', 'PUT', 'DELETE'].includes(request.method) || request.headers.has('idempotency-key');
}

/** The response's `Retry-After` in ms (seconds form only), if any. */
function retryAfterMs(response: Response): number | undefined {
  const seconds = Number(response.headers.get('retry-after') ?? Number.NaN);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}
