import type { Receipt } from '../wallet/wallet-types';

/** Most of one item a model may let a player hold, and most of one item in one call. */
export const MAX_ITEM_COUNT = 1_000_000_000;

/**
 * An item model, defined by an admin and shared by every player.
 * `capacity`: the most of this item one player may hold.
 * `price`: wallet currency per unit in any slot, or null when it cannot be bought.
 */
export interface ItemModel {
  [field: string]: unknown;
  itemId: string;
  name: string;
  capacity: number;
  price: number | null;
}

/** How many of one item a player holds. */
export interface Holding {
  itemId: string;
  count: number;
  capacity: number;
}

/** What to do with the part of an acquisition that does not fit: refuse it all, or send it to the inbox. */
export type Overflow = 'refuse' | 'inbox';

/** Outcome of an acquisition: the new count, and what went to the inbox instead (if asked to). */
export interface AcquireResult {
  [field: string]: unknown;
  itemId: string;
  count: number;
  acquired: number;
  overflowed: number;
  /** The inbox message holding the overflow, when there was any. */
  overflowMessageId: string | null;
}

/** Outcome of a consumption: the count left. */
export interface ConsumeResult {
  [field: string]: unknown;
  itemId: string;
  count: number;
  consumed: number;
}

/** Outcome of a purchase: the wallet receipt and the acquisition, made in one transaction. */
export interface PurchaseResult {
  [field: string]: unknown;
  itemId: string;
  count: number;
  purchased: number;
  receipt: Receipt;
}
