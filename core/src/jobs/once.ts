import type { Store } from '../ports/store';
import { transact, type Transaction } from '../store/transact';

/** Key prefix of the markers of processed jobs. */
const DONE = 'job:done:';

/**
 * Applies a job's effect at most once per `jobId`, whatever the queue redelivers: `work` stages
 * the effect in a transaction that also writes a processed marker `job:done:<jobId>` in
 * `partition` (the partition of the effect, so the transaction stays single-partition). A job
 * whose marker exists is skipped. Returns `false` for a duplicate. Two deliveries racing each
 * other conflict on the marker; `transact` retries the loser, which then sees the marker.
 * Senders put the job id in the body and may also pass it as the queue's `dedupeId`.
 */
export async function runOnce(store: Store, partition: string, jobId: string, work: (tx: Transaction) => Promise<void>): Promise<boolean> {
  return transact(store, async (tx) => {
    if (await tx.get(partition, `${DONE}${jobId}`)) return false;
    await work(tx);
    tx.put(partition, `${DONE}${jobId}`, { jobId });
    return true;
  });
}
