import type { Receipt } from '../wallet/wallet-types';

/** The app stores Kumo verifies purchases of. */
export const STORE_PLATFORMS = ['apple', 'google'] as const;
/** An app store. */
export type StorePlatform = (typeof STORE_PLATFORMS)[number];

/** Items a store product grants besides currency. */
export interface ProductItemGrant {
  itemId: string;
  count: number;
}

/**
 * What one store product (per platform) grants and costs: paid and free currency in one wallet
 * slot, optionally items, and its price in minor units of an ISO 4217 currency (JPY 120 → 120,
 * USD 0.99 → 99). The price values the paid currency in the ledger.
 */
export interface StoreProduct {
  [field: string]: unknown;
  platform: StorePlatform;
  productId: string;
  slot: string;
  paid: number;
  free: number;
  items: ProductItemGrant[];
  price: number;
  currency: string;
}

/** A purchase the store vouched for: its id in the store (Apple transactionId, Google orderId) and what was bought. */
export interface VerifiedPurchase {
  platform: StorePlatform;
  transactionId: string;
  productId: string;
  quantity: number;
  purchasedAt: number;
  /** Google: the purchase was already consumed (by this backend earlier, or elsewhere). */
  consumed: boolean;
}

/** The answer to a purchase: what the player got. A replay by the same player answers the same. */
export interface StorePurchaseResult {
  [field: string]: unknown;
  platform: StorePlatform;
  transactionId: string;
  productId: string;
  quantity: number;
  receipt: Receipt;
  items: Array<ProductItemGrant & { overflowMessageId: string | null }>;
}

/** What a refund notification did. */
export interface RefundOutcome {
  platform: StorePlatform;
  transactionId: string;
  /** `refunded`: clawed back now; `already_refunded`: a repeated notification; `not_credited`: the purchase never credited anyone (it will be refused). */
  status: 'refunded' | 'already_refunded' | 'not_credited' | 'ignored';
  userId: string | null;
  receipt: Receipt | null;
  /**
   * Items of the purchase taken back: what the player still held of each, up to what the purchase
   * granted. Items already used, or still waiting in the inbox after an overflow, stay with the player.
   */
  items: Array<{ itemId: string; count: number }>;
}

/** The operator's view of one store transaction: who claimed it, its state, and who else presented it. */
export interface PurchaseClaimView {
  platform: StorePlatform;
  transactionId: string;
  userId: string | null;
  productId: string | null;
  state: 'claimed' | 'credited' | 'refunded';
  claimedAt: number;
  refundedAt: number | null;
  attempts: Array<{ userId: string; at: number }>;
}
