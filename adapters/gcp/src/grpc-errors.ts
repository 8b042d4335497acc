import { Conflict, retryWhile, Throttled } from '@kumo/core';

/** gRPC status codes the adapter acts on (google.rpc.Code). */
export const GRPC = {
  CANCELLED: 1,
  UNKNOWN: 2,
  INVALID_ARGUMENT: 3,
  DEADLINE_EXCEEDED: 4,
  NOT_FOUND: 5,
  ALREADY_EXISTS: 6,
  RESOURCE_EXHAUSTED: 8,
  ABORTED: 10,
  INTERNAL: 13,
  UNAVAILABLE: 14,
} as const;

/** Codes with which a commit call may fail after the backend applied it (no answer, or an internal error). */
export const OUTCOME_UNKNOWN_CODES: ReadonlySet<number> = new Set([GRPC.CANCELLED, GRPC.UNKNOWN, GRPC.DEADLINE_EXCEEDED, GRPC.INTERNAL, GRPC.UNAVAILABLE]);

/** The gRPC status code of a Google Cloud client error, if it has one. */
export function grpcCode(error: unknown): number | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'number' ? code : undefined;
}

/**
 * Runs `call`, retrying RESOURCE_EXHAUSTED (the backend's throttling: nothing was applied) with
 * jittered exponential backoff, and throws `Throttled` if it persists. Other errors pass through.
 */
export async function retryThrottled<T>(call: () => Promise<T>, attempts = 5, baseDelayMs = 50): Promise<T> {
  return retryCode(GRPC.RESOURCE_EXHAUSTED, call, attempts, baseDelayMs, (error) => new Throttled(`backend throttled the request ${attempts} times`, { cause: String(error) }));
}

/** Attempts of a read that Datastore aborts, before it surfaces as `Conflict`. */
const READ_ATTEMPTS = 8;

/**
 * Runs a read through `retryThrottled`, retrying ABORTED too: the Datastore emulator (legacy
 * entity-group rules) aborts a lookup or ancestor query of a partition that concurrent
 * transactions are committing to, about one read in twenty under 20 writers. A read changes
 * nothing, so it is retried here with jittered backoff, `READ_ATTEMPTS` times, and only then
 * surfaces as `Conflict` (which `transact` retries). Before, the first abort surfaced at once, and
 * reads made outside a unit of work (a matchmaking pool scan) failed the whole call.
 */
export async function readWithRetry<T>(call: () => Promise<T>): Promise<T> {
  return retryCode(GRPC.ABORTED, () => retryThrottled(call), READ_ATTEMPTS, 10, (error) => new Conflict(`Datastore aborted a read ${READ_ATTEMPTS} times (contention)`, { cause: String(error) }));
}

/** Runs `call`, retrying errors with gRPC status `code` with full-jitter exponential backoff; after `attempts`, throws `exhausted(error)`. */
async function retryCode<T>(code: number, call: () => Promise<T>, attempts: number, baseDelayMs: number, exhausted: (error: unknown) => Error): Promise<T> {
  try {
    return await retryWhile(call, (error) => grpcCode(error) === code, { attempts, baseDelayMs });
  } catch (error) {
    throw grpcCode(error) === code ? exhausted(error) : error;
  }
}
