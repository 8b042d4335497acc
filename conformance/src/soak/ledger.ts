import type { Grant, StorePlatform } from '@kumo/core';

/**
 * A wallet change the backend accepted: a deposit or a refund (`paid`, `free`, signed as the
 * client was told) or a spend of `amount` (withdrawal or price).
 */
export interface AcceptedWalletChange {
  userId: string;
  slot: string;
  kind: 'deposit' | 'withdraw' | 'refund';
  /** The receipt's reference: the deposit's receipt id, the withdrawal's request id, `purchase:<requestId>`, `refund:<platform>:<id>`. */
  reference: string;
  paid: number;
  free: number;
  amount: number;
}

/** An inbox gift sent to a player, and what each device's read of it answered. */
export interface SentGift {
  userId: string;
  messageId: string;
  grants: Grant[];
  /** Reads that answered, with whether that read applied the grants. */
  reads: Array<{ device: string; granted: boolean }>;
  /** Reads (or receive-alls) refused, by error code. */
  refusals: string[];
}

/** A store purchase credited to a player, and whether its refund was answered. */
export interface AcceptedStorePurchase {
  userId: string;
  platform: StorePlatform;
  transactionId: string;
  /** The proof the client presented: the signed transaction (App Store) or the purchase token (Google Play). */
  proof: string;
  /** Set when a refund notification is sent, so one refund at a time; true once answered. */
  refund: 'none' | 'sent' | 'answered';
}

/** A chat post the backend accepted. */
export interface AcceptedPost {
  roomId: string;
  userId: string;
  text: string;
  messageId: string;
}

/** A matchmaking join: the gathering the player was told about, if the join was accepted. */
export interface JoinAttempt {
  userId: string;
  mode: string;
  gatheringId: string | null;
}

/**
 * What the soak's clients were told the backend did: only accepted requests (after retries with
 * the same idempotency key), never refused ones. Invariants compare the stored state with it.
 */
export class SoakLedger {
  readonly wallet: AcceptedWalletChange[] = [];
  /** Store purchases credited (wallet deposits and item grants are recorded in `wallet` and `items` too). */
  readonly storePurchases: AcceptedStorePurchase[] = [];
  /** Item count changes: purchases (+) and consumptions (−). Gift grants come from the gifts. */
  readonly items: Array<{ userId: string; itemId: string; delta: number }> = [];
  readonly gifts: SentGift[] = [];
  /** Stamina spent per player. */
  readonly stamina = new Map<string, number>();
  readonly scores: Array<{ userId: string; board: string; score: number }> = [];
  readonly posts: AcceptedPost[] = [];
  readonly joins: JoinAttempt[] = [];
  /** Refusals by error code, all actions together (shown in the report). */
  readonly refusals = new Map<string, number>();

  /** Counts a refusal. */
  refused(code: string): void {
    this.refusals.set(code, (this.refusals.get(code) ?? 0) + 1);
  }
}
