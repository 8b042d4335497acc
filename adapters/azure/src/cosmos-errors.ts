import type { KumoError } from '@kumo/core';
import { CommitUnknown, Conflict, Throttled, TooLarge } from '@kumo/core';

/**
 * The Kumo error for a Cosmos DB status code: 409 (exists), 412 (ETag changed) and 404 (gone)
 * are failed conditions, so `Conflict`; 429 is throttling the SDK already retried with the
 * server's retry-after, so `Throttled`; 413 is `TooLarge`. `undefined` for any other status.
 */
export function errorForStatus(status: number, context: string): KumoError | undefined {
  if (status === 409 || status === 412 || status === 404) return new Conflict(`${context}: a condition failed (HTTP ${status})`, { status });
  if (status === 429) return new Throttled(`${context}: Cosmos DB kept throttling after the SDK's retries`, { status });
  if (status === 413) return new TooLarge(`${context}: Cosmos DB refused the request size`, { status });
  return undefined;
}

/**
 * Runs a Cosmos DB call and translates its failure. `items.batch` rethrows a failed HTTP call as
 * a plain `Error("Batch request error: ...")` without the status, so for batches the 429 is
 * recognised by the service's message ("Request rate is large").
 */
export async function cosmosCall<T>(context: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    const status = (error as { code?: unknown }).code;
    const mapped = typeof status === 'number' ? errorForStatus(status, context) : undefined;
    if (mapped) throw mapped;
    if (error instanceof Error && /request rate is large/i.test(error.message)) throw errorForStatus(429, context)!;
    throw error;
  }
}

/** HTTP statuses with which Cosmos DB may have applied a write it did not confirm. */
const OUTCOME_UNKNOWN_STATUSES = new Set([408, 449, 500, 502, 503, 504]);
/** Socket errors that leave a sent request without an answer. */
const LOST_RESPONSE = /ECONNRESET|ETIMEDOUT|EPIPE|socket hang up|timed? ?out|aborted/i;

/**
 * `CommitUnknown` if a failed batch may still have been applied (no answer, a timeout or a
 * 5xx status), else `undefined`.
 */
export function unknownOutcome(error: unknown): CommitUnknown | undefined {
  const { code, message, name } = (error ?? {}) as { code?: unknown; message?: unknown; name?: unknown };
  const lost = typeof code === 'number' ? OUTCOME_UNKNOWN_STATUSES.has(code) : LOST_RESPONSE.test(`${String(code)} ${String(name)} ${String(message)}`);
  return lost ? new CommitUnknown('Cosmos DB gave no answer to a batch', { cause: String(message ?? error) }) : undefined;
}
