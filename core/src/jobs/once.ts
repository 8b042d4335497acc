import { systemClock, type Clock } from '../ports/clock';
import type { Store } from '../ports/store';
import { idempotent } from '../store/idempotent';
import { transact, type Transaction } from '../store/transact';
import { DEAD_LETTER_TTL_MS } from './dead-letters';

/** Key prefix of the markers of processed jobs. */
const DONE = 'job:done:';

/**
 * How long a processed marker is kept: 30 days, longer than a copy of the job can still arrive
 * (a queue keeps a message at most 14 days) plus the time a dead letter waits for a replay
 * (`DEAD_LETTER_TTL_MS`), so a redelivered or replayed job still finds its marker. Then the
 * store removes it: markers do not pile up.
 */
export const MARKER_TTL_MS = 14 * 24 * 3600_000 + DEAD_LETTER_TTL_MS + 2 * 24 * 3600_000;

/**
 * Applies a job's effect at most once per `jobId`, whatever the queue redelivers, with the one
 * idempotency mechanism (`idempotent`, keyed by the job id): `work` stages the effect in a
 * transaction that also writes the processed marker `job:done:<jobId>` in `partition` (the
 * partition of the effect, so the transaction stays single-partition). A job whose marker exists
 * is skipped. Returns `false` for a duplicate. Two deliveries racing each other conflict on the
 * marker; `transact` retries the loser, which then sees the marker. Senders put the job id in the
 * body and may also pass it as the queue's `dedupeId`. The marker expires `MARKER_TTL_MS` after
 * the job ran, by `clock` (Store TTL).
 */
export async function runOnce(store: Store, partition: string, jobId: string, work: (tx: Transaction) => Promise<void>, clock: Clock = systemClock): Promise<boolean> {
  return transact(store, async (tx) => {
    let ran = false;
    const run = async () => {
      await work(tx);
      ran = true;
      return {};
    };
    await idempotent(tx, partition, DONE, jobId, jobId, run, { expiresAt: clock.now() + MARKER_TTL_MS });
    return ran;
  });
}
