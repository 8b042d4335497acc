import { KumoError } from '../ports/errors';
import type { DocValue } from '../ports/store';
import type { Transaction } from './transact';

/** An idempotency key (a client's `Idempotency-Key`, or a deprecated `requestId`) was reused for a different request. */
export class IdempotencyKeyReused extends KumoError {
  constructor(key: string) {
    super('conflict', 'reference_reused', `idempotency key ${key} was already used for a different request`, { reference: key });
  }
}

/** Stored under an idempotency key: the request it answered (as JSON) and the answer. */
interface AnswerDoc {
  [field: string]: unknown;
  request: string;
  result: DocValue;
}

/**
 * Makes a unit of work idempotent per client key, the one mechanism every spending or posting
 * service uses: the first call runs `work` and stages its result under `<prefix><key>` in
 * `partition`, in the same transaction as the work's own writes, so the marker lands exactly when
 * the effect does. A later call with the same key and the same `request` returns that first
 * result without running `work`; one with a different `request` throws `IdempotencyKeyReused`
 * (409 `reference_reused`). The marker is assumed absent (a conditional create, no read) on the
 * first attempt; a repeated key makes that commit conflict and the retry reads the marker. Two concurrent calls with one key conflict on the marker; `transact`
 * retries the loser, which then returns the winner's result. Without a key, `work` simply runs.
 * Refusals (a thrown error) store nothing, so a retry after one runs `work` again. With
 * `expiresAt` the marker expires then (Store TTL), for keys that cannot come back after a while
 * (queue redeliveries).
 */
export async function idempotent<R extends DocValue>(
  tx: Transaction,
  partition: string,
  prefix: string,
  key: string | undefined,
  request: unknown,
  work: () => Promise<R>,
  options: { expiresAt?: number } = {},
): Promise<R> {
  if (key === undefined) return work();
  const address = `${prefix}${key}`;
  const fingerprint = JSON.stringify(request);
  const seen = await tx.get<AnswerDoc>(partition, address, { assumeAbsent: true });
  if (seen) {
    if (seen.value.request !== fingerprint) throw new IdempotencyKeyReused(key);
    return seen.value.result as R;
  }
  const result = await work();
  tx.put(partition, address, { request: fingerprint, result }, options.expiresAt === undefined ? undefined : { expiresAt: options.expiresAt });
  return result;
}
