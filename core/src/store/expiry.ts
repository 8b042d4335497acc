import { KumoError, Unsupported } from '../ports/errors';
import type { Operation, StoreCapabilities } from '../ports/store';

/** Options of a put: `expiresAt` (epoch ms of the Clock) makes the document expire then. */
export interface PutOptions {
  expiresAt?: number;
}

/** Whether a document written with `expiresAt` has expired at `now` (both epoch ms). */
export function isExpired(expiresAt: number | undefined, now: number): boolean {
  return expiresAt !== undefined && expiresAt <= now;
}

/** `{ expiresAt }` when there is one, else nothing: spread into a document or an operation. */
export function expiryField(expiresAt: number | undefined): { expiresAt?: number } {
  return expiresAt === undefined ? {} : { expiresAt };
}

/**
 * Rejects a put that carries an expiry the store does not declare (`Unsupported`, never a
 * document kept forever in silence), or an expiry that is not an integer of epoch ms.
 * Called by `assertBatchFits`, so every adapter enforces it before any backend call.
 */
export function assertExpiry(op: Operation, capabilities: StoreCapabilities): void {
  if (op.type !== 'put' || op.expiresAt === undefined) return;
  if (!capabilities.ttl) throw new Unsupported('this store does not declare ttl: a document cannot expire', { partition: op.partition, key: op.key });
  if (!Number.isSafeInteger(op.expiresAt) || op.expiresAt < 0) throw new KumoError('invalid', 'invalid_expiry', 'expiresAt must be an integer of epoch milliseconds', { expiresAt: op.expiresAt });
}
