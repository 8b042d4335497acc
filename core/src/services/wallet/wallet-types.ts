import type { LotIndex } from './lots';

/** Paid and free amounts of the currency in one slot. Integers; paid is negative only after a refund outran it. */
export interface Balance extends LotIndex {
  [field: string]: unknown;
  paid: number;
  free: number;
}

/** A slot's balance as returned to clients. */
export interface SlotBalance extends Balance {
  slot: string;
  total: number;
}

/**
 * One change of a balance. `paid` and `free` are signed deltas; `balance` is the slot's balance
 * after the change. The sum of every receipt of a slot equals the slot's balance.
 */
export interface Receipt {
  [field: string]: unknown;
  id: string;
  slot: string;
  kind: 'deposit' | 'withdraw' | 'refund';
  paid: number;
  free: number;
  balance: Balance;
  /** The caller's receipt id (deposit) or request id (withdraw) that makes the call idempotent. */
  reference: string | null;
  at: number;
}

/**
 * Where a refund takes paid currency the player already spent: `negative_balance` leaves the paid
 * balance negative (spending is refused until deposits cover it); `debit_free_first` takes it from
 * the free balance first, and only what that cannot cover leaves the paid balance negative.
 */
export type RefundPolicy = 'negative_balance' | 'debit_free_first';

/** Which part of the balance a withdrawal spends first. */
export type SpendOrder = 'free_first' | 'paid_first';

/** Largest amount in one call, and largest balance of one kind in one slot. */
export const MAX_AMOUNT = 1_000_000_000;
export const MAX_BALANCE = 1_000_000_000_000;
