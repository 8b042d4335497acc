import type { RefundOutcome, StorePurchaseResult } from '@kumo/core';
import type { AcceptedStorePurchase } from '../ledger';
import type { SoakAction, SoakContext } from '../types';
import { settle } from './record';

/** Records what an accepted store purchase credited and granted. */
function recordCredit({ ledger }: SoakContext, purchase: AcceptedStorePurchase, slot: string, result: StorePurchaseResult): void {
  ledger.storePurchases.push(purchase);
  const { receipt } = result;
  ledger.wallet.push({ userId: purchase.userId, slot, kind: 'deposit', reference: receipt.reference!, paid: receipt.paid, free: receipt.free, amount: 0 });
  for (const item of result.items) ledger.items.push({ userId: purchase.userId, itemId: item.itemId, delta: item.count });
}

/**
 * The player buys a currency pack in the App Store (a transaction signed by the test signer) or
 * Google Play (a token the stand-in knows) and the client hands the proof to the backend,
 * retrying it unchanged. Now and then another player presents the same proof, which must be
 * refused (`purchase_claimed`) and credit nothing.
 */
export const storePurchase: SoakAction = {
  name: 'store purchase',
  weight: 6,
  async run(context, userId) {
    const { services, stores, world, client, random, nextId, ledger } = context;
    const product = random.pick(world.storeProducts);
    const transactionId = nextId(`${product.platform}-tx`);
    let proof: string;
    let present: (by: string) => Promise<StorePurchaseResult>;
    if (product.platform === 'apple') {
      proof = stores.apple.transaction({ transactionId, productId: product.productId, bundleId: stores.bundleId });
      present = (by) => services.purchases.purchaseApple(by, proof);
    } else {
      proof = nextId('play-token');
      stores.play.add({ packageName: stores.packageName, productId: product.productId, token: proof, orderId: transactionId });
      present = (by) => services.purchases.purchaseGoogle(by, { productId: product.productId, purchaseToken: proof });
    }
    const outcome = await client.call(() => present(userId));
    settle(ledger, outcome, (result) => recordCredit(context, { userId, platform: product.platform, transactionId, proof, refund: 'none' }, product.slot, result));
    if (outcome.status === 'ok' && random.chance(0.1)) {
      const stranger = random.pick(world.players.filter((player) => player !== userId));
      const replay = await client.call(() => present(stranger));
      // Accepted would be a defect: the wallet invariant then finds a deposit for no accepted request.
      settle(ledger, replay, () => undefined);
    }
    return true;
  },
};

/**
 * The store refunds one of the player's purchases: an App Store REFUND notification or a voided
 * Google Play order reaches the backend, sometimes twice at once (stores deliver again). The
 * currency (under `debit_free_first`) and the items still held come back once; the refund receipt
 * and items taken are what the answer says.
 */
export const storeRefund: SoakAction = {
  name: 'store refund',
  weight: 2,
  async run({ services, stores, ledger, client, random }, userId) {
    const purchase = ledger.storePurchases.find((each) => each.userId === userId && each.refund === 'none');
    if (!purchase) return false;
    purchase.refund = 'sent';
    const notify = () =>
      purchase.platform === 'apple'
        ? services.purchases.appleNotification(stores.apple.notification('REFUND', purchase.proof, { bundleId: stores.bundleId }))
        : services.purchases.googleVoided(stores.packageName, purchase.transactionId);
    const deliveries = random.chance(0.2) ? 2 : 1;
    const outcomes = await Promise.all(Array.from({ length: deliveries }, () => client.call(notify)));
    let recorded = false;
    for (const outcome of outcomes) {
      settle(ledger, outcome, (refund: RefundOutcome) => {
        if (recorded || !refund.receipt) return;
        recorded = true;
        purchase.refund = 'answered';
        const { receipt } = refund;
        ledger.wallet.push({ userId, slot: receipt.slot, kind: 'refund', reference: receipt.reference!, paid: receipt.paid, free: receipt.free, amount: 0 });
        for (const item of refund.items) ledger.items.push({ userId, itemId: item.itemId, delta: -item.count });
      });
    }
    return true;
  },
};
