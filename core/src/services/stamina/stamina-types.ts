/** Largest stamina maximum, and largest amount in one call. */
export const MAX_STAMINA = 1_000_000;
/** Longest recover interval: one week. */
export const MAX_RECOVER_INTERVAL_SECONDS = 7 * 24 * 3600;

/**
 * A stamina model, defined by an admin. The value regenerates by `recoverAmount` every
 * `recoverIntervalSeconds` up to `max`. It may also be recovered at once by consuming an item
 * (`itemRecovery`: `amount` per item) or by spending wallet currency (`currencyRecovery`:
 * `amount` per `price`); null when that way is not offered.
 */
export interface StaminaModel {
  [field: string]: unknown;
  staminaId: string;
  max: number;
  recoverIntervalSeconds: number;
  recoverAmount: number;
  itemRecovery: { itemId: string; amount: number } | null;
  currencyRecovery: { price: number; amount: number } | null;
}

/** A player's stamina as stored: the value at `updatedAt` (Clock ms). Regeneration is computed on read. */
export interface StaminaState {
  [field: string]: unknown;
  value: number;
  updatedAt: number;
}

/** A player's stamina now: value, when the next point comes and when it is full (null when full). */
export interface StaminaView {
  [field: string]: unknown;
  staminaId: string;
  value: number;
  max: number;
  recoverIntervalSeconds: number;
  recoverAmount: number;
  nextRecoverAt: number | null;
  fullAt: number | null;
}

/** How to recover stamina at once: consume items, or pay currency from a wallet slot. */
export type RecoverInput =
  | { by: 'item'; count: number; requestId?: string }
  | { by: 'currency'; count: number; slot: string; order: 'free_first' | 'paid_first'; requestId: string };
