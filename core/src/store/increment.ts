import { KumoError, Unsupported } from '../ports/errors';
import type { StoreCapabilities } from '../ports/store';

/**
 * Checks an increment before any backend call (every adapter's `increment` calls it): the store
 * declares `atomicIncrement` (else `Unsupported`), the amount is a safe integer and the field a
 * non-empty name (else `KumoError` `invalid_increment`).
 */
export function assertIncrement(capabilities: StoreCapabilities, field: string, amount: number): void {
  if (!capabilities.atomicIncrement) throw new Unsupported('this store does not declare atomicIncrement');
  if (!Number.isSafeInteger(amount)) throw new KumoError('invalid', 'invalid_increment', 'an increment adds a whole number', { amount });
  if (field === '') throw new KumoError('invalid', 'invalid_increment', 'an increment names a field', { field });
}

/** The refusal of an increment whose field holds something other than a number. */
export function notANumber(partition: string, key: string, field: string): KumoError {
  return new KumoError('invalid', 'invalid_increment', `${partition}/${key} field ${field} is not a number`, { partition, key, field });
}

/** The field's new value after adding `amount` to `current` (absent: 0), or `undefined` if `current` is not a number. */
export function incremented(current: unknown, amount: number): number | undefined {
  if (current === undefined) return amount;
  return typeof current === 'number' ? current + amount : undefined;
}
