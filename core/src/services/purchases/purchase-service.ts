import type { Clock } from '../../ports/clock';
import type { Store } from '../../ports/store';
import { transact, type Transaction } from '../../store/transact';
import type { AccountService } from '../account/account-service';
import { Catalog } from '../inventory/catalog';
import type { InventoryService } from '../inventory/inventory-service';
import { userPartition } from '../user-partition';
import type { WalletService } from '../wallet/wallet-service';
import { MAX_AMOUNT } from '../wallet/wallet-types';
import { AppleVerifier } from './apple-verifier';
import { GoogleVerifier, type GooglePurchase } from './google-verifier';
import { PurchaseCancelled, PurchaseClaimed, PurchaseNotFound, PurchaseNotRedeemable, PurchaseUnverified, StoreNotConfigured, StoreProductNotFound } from './purchase-errors';
import type { PurchaseSettings } from './purchase-settings';
import type { PurchaseClaimView, StorePurchaseResult, RefundOutcome, StorePlatform, StoreProduct, VerifiedPurchase } from './purchase-types';

/** Shared partition of the store products. */
export const STORE_PRODUCTS = 'catalog:store-products';
/** Most players whose attempts on one claimed transaction are kept. */
const MAX_ATTEMPTS = 20;
/** Apple notification types that take a purchase back. */
const APPLE_REFUNDS = new Set(['REFUND', 'REVOKE']);

const claimPartition = (platform: StorePlatform, transactionId: string) => `purchase:${platform}:${transactionId}`;
const CLAIM = 'claim';
const recordKey = (platform: StorePlatform, transactionId: string) => `purchase:${platform}:${transactionId}`;
const depositReference = (platform: StorePlatform, transactionId: string) => `${platform}:${transactionId}`;

/** The claim of one store transaction, alone in its own partition. */
interface ClaimDoc extends Omit<PurchaseClaimView, 'platform' | 'transactionId'> {
  [field: string]: unknown;
}

/** A player's record of a store transaction: the credit's result, and the refund once there is one. */
interface RecordDoc {
  [field: string]: unknown;
  /** null: refunded before it was credited (a tombstone that refuses the credit). */
  result: StorePurchaseResult | null;
  slot: string;
  paid: number;
  free: number;
  refund: RefundOutcome | null;
}

/**
 * Store purchases: a catalog of store products, verification of App Store and Google Play proofs of
 * purchase, exactly-once credit across all players, and refunds.
 *
 * Exactly once without a cross-partition transaction: (1) the store transaction id is claimed for
 * the player in its own partition (a claim by another player refuses with `purchase_claimed` and
 * records the attempt); (2) the credit commits in the player's partition with the transaction id
 * as the deposit's receipt reference, next to a purchase record holding the result; (3) the claim
 * is marked credited. A crash between (1) and (2) is finished by the player's retry; a replay by
 * the same player answers the record. A refund marks the claim refunded, then claws back in the
 * owner's partition in one transaction (idempotent on the record), with the items the purchase
 * granted as far as the player still holds them (items used up are not owed back); a refund that
 * arrives before the credit leaves a tombstone record there, so the credit can never land afterwards.
 */
export class PurchaseService {
  private readonly products: Catalog<StoreProduct>;
  private readonly apple?: AppleVerifier;
  private readonly google?: GoogleVerifier;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly accounts: AccountService,
    private readonly wallet: WalletService,
    private readonly inventory: InventoryService,
    private readonly settings: PurchaseSettings,
  ) {
    this.products = new Catalog<StoreProduct>(store, clock, STORE_PRODUCTS);
    if (settings.apple) this.apple = new AppleVerifier(settings.apple);
    if (settings.google) this.google = new GoogleVerifier(settings.google);
  }

  /** Creates or replaces a store product. */
  defineProduct(product: StoreProduct): Promise<StoreProduct> {
    return this.products.put(`${product.platform}:${product.productId}`, product);
  }

  /** Store products in (platform, product id) order, a page at a time. */
  listProducts(options: { limit?: number; cursor?: string } = {}): Promise<{ items: StoreProduct[]; cursor?: string }> {
    return this.products.list(options);
  }

  /** Verifies a StoreKit 2 signed transaction and credits what its product grants, once. */
  async purchaseApple(userId: string, signedTransaction: string): Promise<StorePurchaseResult> {
    if (!this.apple) throw new StoreNotConfigured('apple');
    const transaction = await this.apple.transaction(signedTransaction);
    if (transaction.revoked) throw new PurchaseCancelled(transaction.transactionId);
    return this.redeem(userId, transaction);
  }

  /** Verifies a Google Play purchase token and credits what its product grants, once; then consumes it. */
  async purchaseGoogle(userId: string, input: { productId: string; purchaseToken: string; packageName?: string }): Promise<StorePurchaseResult> {
    if (!this.google) throw new StoreNotConfigured('google');
    const purchase: GooglePurchase = await this.google.purchase(input.productId, input.purchaseToken, input.packageName);
    const result = await this.redeem(userId, purchase);
    if (!purchase.consumed) await purchase.consume();
    return result;
  }

  /** Verifies an App Store Server Notification V2 and claws back a REFUND or REVOKE. */
  async appleNotification(signedPayload: string): Promise<RefundOutcome> {
    if (!this.apple) throw new StoreNotConfigured('apple');
    const { notificationType, transaction } = await this.apple.notification(signedPayload);
    if (!transaction || !APPLE_REFUNDS.has(notificationType)) return { platform: 'apple', transactionId: transaction?.transactionId ?? '', status: 'ignored', userId: null, receipt: null, items: [] };
    return this.refund('apple', transaction.transactionId);
  }

  /** Claws back a Google Play order voided by a refund or chargeback (real-time developer notification). */
  async googleVoided(packageName: string, orderId: string): Promise<RefundOutcome> {
    if (!this.google) throw new StoreNotConfigured('google');
    if (packageName !== this.google.packageName) return { platform: 'google', transactionId: orderId, status: 'ignored', userId: null, receipt: null, items: [] };
    return this.refund('google', orderId);
  }

  /** The operator's view of a store transaction. */
  async claim(platform: StorePlatform, transactionId: string): Promise<PurchaseClaimView> {
    const doc = await this.store.get<ClaimDoc>(claimPartition(platform, transactionId), CLAIM);
    if (!doc) throw new PurchaseNotFound(platform, transactionId);
    return { platform, transactionId, ...doc.value };
  }

  /** Claims, credits and marks the claim credited (see the class comment). */
  private async redeem(userId: string, purchase: VerifiedPurchase): Promise<StorePurchaseResult> {
    const { platform, transactionId } = purchase;
    const product = await this.products.get(`${platform}:${purchase.productId}`);
    if (!product) throw new StoreProductNotFound(platform, purchase.productId);
    if (product.paid * purchase.quantity > MAX_AMOUNT || product.free * purchase.quantity > MAX_AMOUNT) {
      throw new PurchaseUnverified(platform, 'the purchased quantity exceeds the wallet limit');
    }
    await this.accounts.assertExists(userId);
    const owner = await this.claimFor(userId, purchase);
    if (owner !== userId) throw new PurchaseClaimed(platform, transactionId);
    const result = await this.credit(userId, purchase, product);
    await this.wallet.postLedger(userId, result.receipt);
    await transact(this.store, async (tx) => {
      const claim = await tx.get<ClaimDoc>(claimPartition(platform, transactionId), CLAIM);
      if (claim?.value.state === 'claimed') tx.put(claimPartition(platform, transactionId), CLAIM, { ...claim.value, state: 'credited' });
    });
    return result;
  }

  /** Claims the transaction for the player unless someone holds it; returns the owner (recording a stranger's attempt). */
  private claimFor(userId: string, purchase: VerifiedPurchase): Promise<string | null> {
    const partition = claimPartition(purchase.platform, purchase.transactionId);
    return transact(this.store, async (tx) => {
      const claim = (await tx.get<ClaimDoc>(partition, CLAIM))?.value;
      if (!claim) {
        if (purchase.consumed) throw new PurchaseNotRedeemable(purchase.platform, purchase.transactionId, 'consumed');
        tx.put(partition, CLAIM, { userId, productId: purchase.productId, state: 'claimed', claimedAt: this.clock.now(), refundedAt: null, attempts: [] } satisfies ClaimDoc);
        return userId;
      }
      if (claim.userId === null) throw new PurchaseNotRedeemable(purchase.platform, purchase.transactionId, 'refunded');
      if (claim.userId !== userId) {
        const attempts = [...claim.attempts.filter((attempt) => attempt.userId !== userId), { userId, at: this.clock.now() }].slice(-MAX_ATTEMPTS);
        tx.put(partition, CLAIM, { ...claim, attempts });
      }
      return claim.userId;
    });
  }

  /** Credits the product in the player's partition, once per transaction (a replay answers the record). */
  private credit(userId: string, purchase: VerifiedPurchase, product: StoreProduct): Promise<StorePurchaseResult> {
    const partition = userPartition(userId);
    const { platform, transactionId, quantity } = purchase;
    return transact(this.store, async (tx) => {
      const record = (await tx.get<RecordDoc>(partition, recordKey(platform, transactionId)))?.value;
      if (record) {
        if (!record.result) throw new PurchaseNotRedeemable(platform, transactionId, 'refunded');
        return record.result;
      }
      const paid = product.paid * quantity;
      const free = product.free * quantity;
      const receipt = await this.wallet.depositIn(tx, userId, product.slot, {
        receiptId: depositReference(platform, transactionId),
        paid,
        free,
        price: { amount: product.price * quantity, currency: product.currency },
      });
      const items: StorePurchaseResult['items'] = [];
      for (const item of product.items) {
        const acquired = await this.inventory.acquireIn(tx, userId, item.itemId, item.count * quantity, 'inbox');
        items.push({ itemId: item.itemId, count: item.count * quantity, overflowMessageId: acquired.overflowMessageId });
      }
      const result: StorePurchaseResult = { platform, transactionId, productId: purchase.productId, quantity, receipt, items };
      tx.put(partition, recordKey(platform, transactionId), { result, slot: product.slot, paid, free, refund: null } satisfies RecordDoc);
      return result;
    });
  }

  /** Marks the claim refunded, then claws back in the owner's partition, once. */
  private async refund(platform: StorePlatform, transactionId: string): Promise<RefundOutcome> {
    const partition = claimPartition(platform, transactionId);
    const now = this.clock.now();
    const owner = await transact(this.store, async (tx) => {
      const claim = (await tx.get<ClaimDoc>(partition, CLAIM))?.value;
      if (!claim) {
        tx.put(partition, CLAIM, { userId: null, productId: null, state: 'refunded', claimedAt: now, refundedAt: now, attempts: [] } satisfies ClaimDoc);
        return null;
      }
      if (claim.state !== 'refunded') tx.put(partition, CLAIM, { ...claim, state: 'refunded', refundedAt: now });
      return claim.userId;
    });
    if (owner === null) return { platform, transactionId, status: 'not_credited', userId: null, receipt: null, items: [] };
    const outcome = await transact(this.store, async (tx): Promise<RefundOutcome> => {
      const key = recordKey(platform, transactionId);
      const record = (await tx.get<RecordDoc>(userPartition(owner), key))?.value;
      if (!record) {
        tx.put(userPartition(owner), key, { result: null, slot: '', paid: 0, free: 0, refund: null } satisfies RecordDoc);
        return { platform, transactionId, status: 'not_credited', userId: owner, receipt: null, items: [] };
      }
      if (!record.result) return { platform, transactionId, status: 'not_credited', userId: owner, receipt: null, items: [] };
      if (record.refund) return { ...record.refund, status: 'already_refunded' };
      const receipt = await this.wallet.refundIn(tx, owner, record.slot, {
        reference: `refund:${depositReference(platform, transactionId)}`,
        source: depositReference(platform, transactionId),
        paid: record.paid,
        free: record.free,
        policy: this.settings.refundPolicy,
      });
      const items = await this.takeBackItems(tx, owner, record.result.items);
      const refund: RefundOutcome = { platform, transactionId, status: 'refunded', userId: owner, receipt, items };
      tx.put(userPartition(owner), key, { ...record, refund });
      return refund;
    });
    if (outcome.receipt) await this.wallet.postLedger(owner, outcome.receipt);
    return outcome;
  }

  /** Stages taking back the items a purchase granted, as far as the player still holds them (see `RefundOutcome.items`). */
  private async takeBackItems(tx: Transaction, userId: string, granted: StorePurchaseResult['items']): Promise<RefundOutcome['items']> {
    const taken: RefundOutcome['items'] = [];
    for (const { itemId, count } of granted) taken.push({ itemId, count: await this.inventory.takeBackIn(tx, userId, itemId, count) });
    return taken;
  }
}
