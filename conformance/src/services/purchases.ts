import { afterAll, beforeAll, expect, it } from 'vitest';
import { checkWallet, Ledger, lotValue, PORTS, readLots, resolve, SERVICES, PurchaseService, transact, userPartition, type PurchaseSettings, type RefundPolicy } from '@kumo/core';
import { AppleTestSigner, GooglePlayStandIn } from '@kumo/core/testing';
import { unique } from '../unique';
import type { ServiceContext, ServiceScenarios } from './context';

const BUNDLE = 'dev.kumo.game';
const PACKAGE = 'dev.kumo.game';

/** A product id, a transaction id and a currency code unique to this run. */
const fresh = () => ({
  productId: unique('gems').toLowerCase(),
  transactionId: unique('tx'),
  currency: `Q${String.fromCharCode(65 + Math.floor(Math.random() * 26))}${String.fromCharCode(65 + Math.floor(Math.random() * 26))}`,
});

/**
 * Store purchases end to end with the real verifiers: App Store transactions signed by a test CA
 * and checked by Apple's `SignedDataVerifier`, Google Play tokens checked by the real SDK against
 * a local stand-in of the Play Developer API. Credit once across players, refusals that change
 * nothing, refunds under each policy, and the paid-currency report against the wallets.
 */
export const purchasesScenarios: ServiceScenarios = (context) => {
  let signer: AppleTestSigner;
  let play: GooglePlayStandIn;
  beforeAll(async () => {
    [signer, play] = await Promise.all([AppleTestSigner.create(), GooglePlayStandIn.start()]);
  });
  afterAll(async () => play?.close());

  const service = (refundPolicy: RefundPolicy = 'negative_balance') => {
    const container = context.container();
    const settings: PurchaseSettings = {
      refundPolicy,
      apple: { bundleId: BUNDLE, environment: 'Sandbox', rootCertificates: [signer.rootCertificate] },
      google: { packageName: PACKAGE, credentials: play.credentials, selfSignedJwt: true, rootUrl: play.rootUrl, notificationToken: 'rtdn-token-0123456789' },
    };
    const get = <T>(id: Parameters<typeof resolve<T>>[1]) => resolve(container, id);
    return new PurchaseService(get(PORTS.Store), get(PORTS.Clock), get(SERVICES.Accounts), get(SERVICES.Wallet), get(SERVICES.Inventory), settings);
  };

  const setup = async ({ container }: ServiceContext, platform: 'apple' | 'google', refundPolicy?: RefundPolicy) => {
    const purchases = service(refundPolicy);
    const ids = fresh();
    await purchases.defineProduct({ platform, productId: ids.productId, slot: platform === 'apple' ? 'ios' : 'android', paid: 100, free: 10, items: [], price: 120, currency: ids.currency });
    const accounts = resolve(container(), SERVICES.Accounts);
    const [alice, bob] = [(await accounts.create()).userId, (await accounts.create()).userId];
    return { purchases, ...ids, alice, bob, wallet: resolve(container(), SERVICES.Wallet), store: resolve(container(), PORTS.Store) };
  };

  it('credits a verified App Store transaction once, answers replays, refuses another player (409, recorded) and forged or foreign proofs', async () => {
    const { purchases, productId, transactionId, alice, bob, wallet, store } = await setup(context, 'apple');
    const signed = signer.transaction({ transactionId, productId, bundleId: BUNDLE });
    const first = await purchases.purchaseApple(alice, signed);
    expect(first).toMatchObject({ platform: 'apple', transactionId, productId, quantity: 1, receipt: { kind: 'deposit', paid: 100, free: 10, reference: `apple:${transactionId}` } });
    expect(await purchases.purchaseApple(alice, signed)).toEqual(first);
    await expect(purchases.purchaseApple(bob, signed)).rejects.toMatchObject({ code: 'purchase_claimed' });
    expect(await wallet.balances(bob)).toEqual([]);
    expect(await purchases.claim('apple', transactionId)).toMatchObject({ userId: alice, state: 'credited', attempts: [{ userId: bob }] });

    const [head, , signature] = signed.split('.');
    const forged = `${head}.${Buffer.from(JSON.stringify({ transactionId: 'forged', productId, bundleId: BUNDLE, environment: 'Sandbox', signedDate: Date.now() })).toString('base64url')}.${signature}`;
    await expect(purchases.purchaseApple(bob, forged)).rejects.toMatchObject({ code: 'purchase_unverified' });
    const stranger = await AppleTestSigner.create('Not Apple');
    await expect(purchases.purchaseApple(bob, stranger.transaction({ transactionId: unique('tx'), productId, bundleId: BUNDLE }))).rejects.toMatchObject({ code: 'purchase_unverified' });
    await expect(purchases.purchaseApple(bob, signer.transaction({ transactionId: unique('tx'), productId, bundleId: 'com.other.game' }))).rejects.toMatchObject({ code: 'purchase_wrong_app' });
    await expect(purchases.purchaseApple(bob, signer.transaction({ transactionId: unique('tx'), productId, bundleId: BUNDLE, environment: 'Production' }))).rejects.toMatchObject({ code: 'purchase_wrong_environment' });
    await expect(purchases.purchaseApple(bob, signer.transaction({ transactionId: unique('tx'), productId: 'unknown', bundleId: BUNDLE }))).rejects.toMatchObject({ code: 'store_product_not_found' });
    await expect(purchases.purchaseApple(bob, signer.transaction({ transactionId: unique('tx'), productId, bundleId: BUNDLE, revocationDate: Date.now() }))).rejects.toMatchObject({ code: 'purchase_cancelled' });
    expect(await wallet.balances(bob)).toEqual([]);
    expect((await store.query(userPartition(bob))).items.filter((doc) => !doc.key.startsWith('account:'))).toEqual([]);
    expect(await wallet.balance(alice, 'ios')).toMatchObject({ paid: 100, free: 10 });
    expect(await checkWallet(store, wallet, alice)).toEqual([]);
  });

  it('credits a verified Google Play purchase once and consumes it; refuses pending, cancelled, foreign, test and second-player purchases', async () => {
    const { purchases, productId, transactionId, alice, bob, wallet, store } = await setup(context, 'google');
    play.add({ packageName: PACKAGE, productId, token: 'tok-1', orderId: transactionId });
    const first = await purchases.purchaseGoogle(alice, { productId, purchaseToken: 'tok-1', packageName: PACKAGE });
    expect(first).toMatchObject({ platform: 'google', transactionId, receipt: { paid: 100, free: 10 } });
    expect(play.purchases.get(`${PACKAGE}/${productId}/tok-1`)).toMatchObject({ consumptionState: 1, acknowledgementState: 1 });
    expect(await purchases.purchaseGoogle(alice, { productId, purchaseToken: 'tok-1' })).toEqual(first);
    await expect(purchases.purchaseGoogle(bob, { productId, purchaseToken: 'tok-1' })).rejects.toMatchObject({ code: 'purchase_claimed' });

    const refused = async (purchase: Partial<Parameters<GooglePlayStandIn['add']>[0]>, code: string, packageName?: string) => {
      const token = unique('tok');
      play.add({ packageName: PACKAGE, productId, token, orderId: unique('GPA'), ...purchase });
      await expect(purchases.purchaseGoogle(bob, { productId, purchaseToken: token, packageName })).rejects.toMatchObject({ code });
    };
    await refused({ purchaseState: 2 }, 'purchase_pending');
    await refused({ purchaseState: 1 }, 'purchase_cancelled');
    await refused({ purchaseType: 0 }, 'purchase_wrong_environment');
    await refused({ consumptionState: 1 }, 'purchase_consumed');
    await refused({ packageName: 'com.other.game' }, 'purchase_unverified');
    await refused({ packageName: 'com.other.game' }, 'purchase_wrong_app', 'com.other.game');
    await expect(purchases.purchaseGoogle(bob, { productId, purchaseToken: 'no-such-token' })).rejects.toMatchObject({ code: 'purchase_unverified' });
    expect(await wallet.balances(bob)).toEqual([]);
    expect(await wallet.balance(alice, 'android')).toMatchObject({ paid: 100, free: 10 });
    expect(await checkWallet(store, wallet, alice)).toEqual([]);
  });

  it('claws back an App Store refund once under negative_balance: spending stops until a purchase covers the debt', async () => {
    const { purchases, productId, transactionId, alice, wallet, store } = await setup(context, 'apple', 'negative_balance');
    const signed = signer.transaction({ transactionId, productId, bundleId: BUNDLE });
    await purchases.purchaseApple(alice, signed);
    await wallet.withdraw(alice, 'ios', { amount: 80, order: 'paid_first' });
    const notice = signer.notification('REFUND', signed, { bundleId: BUNDLE });
    const refund = await purchases.appleNotification(notice);
    expect(refund).toMatchObject({ status: 'refunded', userId: alice, receipt: { kind: 'refund', paid: -100, free: -10, balance: { paid: -80, free: 0 } } });
    expect(await purchases.appleNotification(notice)).toMatchObject({ status: 'already_refunded', receipt: refund.receipt });
    expect(await wallet.balance(alice, 'ios')).toMatchObject({ paid: -80, free: 0 });
    await expect(wallet.withdraw(alice, 'ios', { amount: 1, order: 'free_first' })).rejects.toMatchObject({ code: 'balance_negative' });
    await expect(purchases.purchaseApple(alice, signed)).resolves.toMatchObject({ transactionId });
    await expect(purchases.appleNotification(signer.notification('REFUND', signed, { bundleId: 'com.other.game' }))).rejects.toMatchObject({ code: 'purchase_wrong_app' });
    await purchases.purchaseApple(alice, signer.transaction({ transactionId: unique('tx'), productId, bundleId: BUNDLE }));
    expect(await wallet.balance(alice, 'ios')).toMatchObject({ paid: 20, free: 10 });
    expect((await readLots(store, userPartition(alice), 'ios')).debt).toBe(0);
    expect(await checkWallet(store, wallet, alice)).toEqual([]);
    expect((await wallet.receipts(alice, 'ios')).receipts.filter((r) => r.kind === 'refund')).toHaveLength(1);

    const early = unique('tx');
    const beforeCredit = signer.transaction({ transactionId: early, productId, bundleId: BUNDLE });
    expect(await purchases.appleNotification(signer.notification('REVOKE', beforeCredit, { bundleId: BUNDLE }))).toMatchObject({ status: 'not_credited' });
    await expect(purchases.purchaseApple(alice, beforeCredit)).rejects.toMatchObject({ code: 'purchase_refunded' });
  });

  it('claws back a voided Google Play order once under debit_free_first', async () => {
    const { purchases, productId, transactionId, alice, wallet, store } = await setup(context, 'google', 'debit_free_first');
    play.add({ packageName: PACKAGE, productId, token: 'tok-refund', orderId: transactionId });
    await purchases.purchaseGoogle(alice, { productId, purchaseToken: 'tok-refund' });
    await wallet.deposit(alice, 'android', { receiptId: 'gift', paid: 0, free: 50 });
    await wallet.withdraw(alice, 'android', { amount: 80, order: 'paid_first' });
    const refund = await purchases.googleVoided(PACKAGE, transactionId);
    expect(refund.receipt).toMatchObject({ kind: 'refund', paid: -50, free: -60, balance: { paid: -30, free: 0 } });
    expect(await purchases.googleVoided(PACKAGE, transactionId)).toMatchObject({ status: 'already_refunded' });
    expect(await wallet.balance(alice, 'android')).toMatchObject({ paid: -30, free: 0 });
    expect(await purchases.claim('google', transactionId)).toMatchObject({ state: 'refunded', refundedAt: expect.any(Number) });
    expect(await checkWallet(store, wallet, alice)).toEqual([]);
  });

  it('takes back the items of a refunded purchase as far as the player still holds them', async () => {
    const { purchases, productId, currency, alice } = await setup(context, 'apple');
    const inventory = resolve(context.container(), SERVICES.Inventory);
    const itemId = unique('crown');
    await inventory.defineItem({ itemId, name: itemId, capacity: 100, price: 1 });
    await purchases.defineProduct({ platform: 'apple', productId, slot: 'ios', paid: 10, free: 0, items: [{ itemId, count: 3 }], price: 120, currency });
    const signed = signer.transaction({ transactionId: unique('tx'), productId, bundleId: BUNDLE });
    await purchases.purchaseApple(alice, signed);
    await inventory.consume(alice, itemId, { count: 2 });
    const refund = await purchases.appleNotification(signer.notification('REFUND', signed, { bundleId: BUNDLE }));
    expect(refund).toMatchObject({ status: 'refunded', items: [{ itemId, count: 1 }], receipt: { paid: -10 } });
    expect(await purchases.appleNotification(signer.notification('REFUND', signed, { bundleId: BUNDLE }))).toMatchObject({ status: 'already_refunded', items: [{ itemId, count: 1 }] });
    expect((await inventory.holdings(alice)).filter((holding) => holding.itemId === itemId)).toEqual([]);
  });

  it('keeps paid currency held before lots existed as one unpriced lot, spent first', async () => {
    const { alice, wallet, store, purchases, productId, currency } = await setup(context, 'apple');
    await transact(store, async (tx) => tx.put(userPartition(alice), 'wallet:balance:ios', { paid: 50, free: 0 }));
    await purchases.purchaseApple(alice, signer.transaction({ transactionId: unique('tx'), productId, bundleId: BUNDLE }));
    await wallet.withdraw(alice, 'ios', { amount: 60, order: 'paid_first' });
    const { lots, debt } = await readLots(store, userPartition(alice), 'ios');
    expect([lots.map((lot) => [lot.currency, lot.remaining]), debt]).toEqual([[[currency, 90]], 0]);
    expect(await wallet.balance(alice, 'ios')).toMatchObject({ paid: 90, free: 10 });
  });

  it('reports outstanding paid currency and its value = Σ receipts and Σ lots after purchases, spending and a refund', async () => {
    const { purchases, productId, currency, alice, bob, wallet, store } = await setup(context, 'apple');
    await purchases.defineProduct({ platform: 'apple', productId, slot: 'ios', paid: 300, free: 0, items: [], price: 1000, currency });
    const buy = async (userId: string) => {
      const transactionId = unique('tx');
      const signed = signer.transaction({ transactionId, productId, bundleId: BUNDLE });
      await purchases.purchaseApple(userId, signed);
      return signed;
    };
    await buy(alice);
    const refunded = await buy(alice);
    await buy(bob);
    await wallet.withdraw(alice, 'ios', { amount: 100, order: 'paid_first' });
    await wallet.withdraw(bob, 'ios', { amount: 299, order: 'paid_first' });
    await purchases.appleNotification(signer.notification('REFUND', refunded, { bundleId: BUNDLE }));
    await wallet.withdraw(alice, 'ios', { amount: 7, order: 'paid_first' });
    const ledger = new Ledger(store);
    for (const userId of [alice, bob, alice]) await ledger.post(userId);

    const day = new Date(context.clock.now()).toISOString().slice(0, 10);
    const line = (await ledger.report(day)).currencies.find((entry) => entry.currency === currency);
    let paid = 0;
    let value = 0;
    for (const userId of [alice, bob]) {
      expect(await checkWallet(store, wallet, userId)).toEqual([]);
      paid += (await wallet.balance(userId, 'ios')).paid;
      value += (await readLots(store, userPartition(userId), 'ios')).lots.filter((lot) => lot.currency === currency).reduce((sum, lot) => sum + lotValue(lot, lot.remaining), 0);
    }
    expect(paid).toBe(900 - 100 - 299 - 300 - 7);
    expect(line).toMatchObject({ issued: { quantity: 900, value: 3000 }, refunded: { quantity: 300 } });
    expect(line?.outstanding).toEqual({ quantity: paid, value });
    expect(line!.issued.value - line!.used.value - line!.refunded.value).toBe(value);
    const before = new Date(context.clock.now() - 86_400_000).toISOString().slice(0, 10);
    expect((await ledger.report(before)).currencies.find((entry) => entry.currency === currency)).toBeUndefined();
  });
};
