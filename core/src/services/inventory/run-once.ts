import type { DocValue } from '../../ports/store';
import type { Transaction } from '../../store/transact';
import { ReferenceReused } from '../wallet/wallet-errors';

/** Stored under a reference key: the request it answered (as JSON) and the answer. */
interface OnceDoc {
  [field: string]: unknown;
  request: string;
  result: DocValue;
}

/**
 * Makes a unit of work idempotent per client reference: the first call runs `work` and stages its
 * result under `<prefix><reference>` in the same transaction; a later call with the same reference
 * and the same request returns that result without running `work`, and one with a different
 * request throws `ReferenceReused`. Without a reference, `work` simply runs.
 */
export async function runOnce<R extends DocValue>(
  tx: Transaction,
  partition: string,
  prefix: string,
  reference: string | undefined,
  request: unknown,
  work: () => Promise<R>,
): Promise<R> {
  if (reference === undefined) return work();
  const key = `${prefix}${reference}`;
  const fingerprint = JSON.stringify(request);
  const seen = await tx.get<OnceDoc>(partition, key);
  if (seen) {
    if (seen.value.request !== fingerprint) throw new ReferenceReused(reference);
    return seen.value.result as R;
  }
  const result = await work();
  tx.put(partition, key, { request: fingerprint, result });
  return result;
}
