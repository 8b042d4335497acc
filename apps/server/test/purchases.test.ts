import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppleTestSigner, GooglePlayStandIn } from '@kumo/core/testing';
import { useBackend } from './backend-client';

const BUNDLE = 'dev.kumo.game';
const NOTIFY_TOKEN = 'rtdn-secret-0123456789';
let signer: AppleTestSigner;
let play: GooglePlayStandIn;

const api = useBackend(async () => {
  [signer, play] = await Promise.all([AppleTestSigner.create(), GooglePlayStandIn.start()]);
  return {
    purchases: {
      refundPolicy: 'negative_balance',
      apple: { bundleId: BUNDLE, environment: 'Sandbox', rootCertificates: [signer.rootCertificate] },
      google: { packageName: BUNDLE, credentials: play.credentials, selfSignedJwt: true, rootUrl: play.rootUrl, notificationToken: NOTIFY_TOKEN },
    },
  };
});
afterAll(async () => play?.close());
// The verification libraries load on a deployment's first purchase; load them here, outside the tests.
beforeAll(async () => {
  const { token } = await api.player();
  await api.call('POST', '/v1/purchases/apple', { token, body: { signedTransaction: 'warm-up' } });
  await api.call('POST', '/v1/purchases/google', { token, body: { productId: 'warm-up', purchaseToken: 'warm-up' } });
}, 60_000);

const rtdn = (data: unknown) => ({ message: { data: Buffer.from(JSON.stringify(data)).toString('base64'), messageId: '1' }, subscription: 'projects/p/subscriptions/s' });

describe('store purchases over HTTP', () => {
  it('redeems an App Store purchase once (200, replay 200), refuses another player with 409 purchase_claimed, and shows the claim to the operator', async () => {
    const [alice, bob, admin] = [await api.player(), await api.player(), await api.admin()];
    const product = await api.call('PUT', '/v1/admin/store-products/apple/gems_100', { token: admin, body: { slot: 'ios', paid: 100, free: 10, price: 160, currency: 'JPY' } });
    expect(product.body).toEqual({ platform: 'apple', productId: 'gems_100', slot: 'ios', paid: 100, free: 10, items: [], price: 160, currency: 'JPY' });
    const signedTransaction = signer.transaction({ transactionId: 'apple-tx-1', productId: 'gems_100', bundleId: BUNDLE });
    const first = await api.call('POST', '/v1/purchases/apple', { token: alice.token, body: { signedTransaction } });
    expect([first.status, first.body.receipt.balance]).toEqual([200, { paid: 100, free: 10 }]);
    expect(await api.call('POST', '/v1/purchases/apple', { token: alice.token, body: { signedTransaction } })).toMatchObject({ status: 200, body: first.body });
    const second = await api.call('POST', '/v1/purchases/apple', { token: bob.token, body: { signedTransaction } });
    expect([second.status, second.type, second.body.code]).toEqual([409, 'application/problem+json', 'purchase_claimed']);
    const claim = await api.call('GET', '/v1/admin/purchases/apple/apple-tx-1', { token: admin });
    expect(claim.body).toMatchObject({ userId: alice.userId, state: 'credited', attempts: [{ userId: bob.userId }] });
    expect((await api.call('GET', '/v1/admin/purchases/apple/apple-tx-1', { token: alice.token })).status).toBe(403);
    expect((await api.call('GET', '/v1/admin/store-products', { token: admin })).body.items).toContainEqual(product.body);
  });

  it('refuses forged, foreign and malformed proofs with 4xx codes', async () => {
    const { token } = await api.player();
    const admin = await api.admin();
    await api.call('PUT', '/v1/admin/store-products/apple/gems_50', { token: admin, body: { slot: 'ios', paid: 50, price: 80, currency: 'JPY' } });
    const post = async (body: unknown) => {
      const reply = await api.call('POST', '/v1/purchases/apple', { token, body });
      return [reply.status, reply.body.code];
    };
    const signed = signer.transaction({ transactionId: 'apple-tx-2', productId: 'gems_50', bundleId: BUNDLE });
    expect(await post({ signedTransaction: `${signed.slice(0, -4)}AAAA` })).toEqual([400, 'purchase_unverified']);
    expect(await post({ signedTransaction: 'not-a-jws' })).toEqual([400, 'purchase_unverified']);
    expect(await post({ signedTransaction: signer.transaction({ transactionId: 'apple-tx-3', productId: 'gems_50', bundleId: 'com.other' }) })).toEqual([400, 'purchase_wrong_app']);
    expect(await post({})).toEqual([400, 'invalid_request']);
    expect((await api.call('POST', '/v1/purchases/apple', { body: { signedTransaction: signed } })).status).toBe(401);
    const badProduct = await api.call('PUT', '/v1/admin/store-products/apple/gems_x', { token: admin, body: { slot: 'ios', paid: 1.5, price: 1, currency: 'yen' } });
    expect([badProduct.status, badProduct.body.code]).toEqual([400, 'invalid_request']);
  });

  it('redeems a Google Play purchase, refuses a pending one with 409, and claws back a voided order once from an authenticated RTDN push', async () => {
    const { token, userId } = await api.player();
    const admin = await api.admin();
    await api.call('PUT', '/v1/admin/store-products/google/gems_100', { token: admin, body: { slot: 'android', paid: 100, price: 99, currency: 'USD' } });
    play.add({ packageName: BUNDLE, productId: 'gems_100', token: 'tok-a', orderId: 'GPA.1' });
    play.add({ packageName: BUNDLE, productId: 'gems_100', token: 'tok-p', orderId: 'GPA.2', purchaseState: 2 });
    const bought = await api.call('POST', '/v1/purchases/google', { token, body: { productId: 'gems_100', purchaseToken: 'tok-a' } });
    expect([bought.status, bought.body.transactionId]).toEqual([200, 'GPA.1']);
    const pending = await api.call('POST', '/v1/purchases/google', { token, body: { productId: 'gems_100', purchaseToken: 'tok-p' } });
    expect([pending.status, pending.body.code]).toEqual([409, 'purchase_pending']);

    const voided = rtdn({ version: '1.0', packageName: BUNDLE, eventTimeMillis: String(Date.now()), voidedPurchaseNotification: { purchaseToken: 'tok-a', orderId: 'GPA.1', productType: 2, refundType: 1 } });
    const refused = await api.call('POST', '/v1/purchases/google/notifications?token=wrong', { body: voided });
    expect([refused.status, refused.body.code]).toEqual([401, 'notification_unauthorized']);
    const malformed = await api.call('POST', `/v1/purchases/google/notifications?token=${NOTIFY_TOKEN}`, { body: { message: { data: 'bm90IGpzb24=' } } });
    expect([malformed.status, malformed.body.code]).toEqual([400, 'invalid_notification']);
    const refund = await api.call('POST', `/v1/purchases/google/notifications?token=${NOTIFY_TOKEN}`, { body: voided });
    expect(refund.body).toMatchObject({ status: 'refunded', userId, receipt: { kind: 'refund', paid: -100, balance: { paid: 0, free: 0 } } });
    const again = await api.call('POST', `/v1/purchases/google/notifications?token=${NOTIFY_TOKEN}`, { body: voided });
    expect(again.body.status).toBe('already_refunded');
    const receipts = await api.call('GET', '/v1/wallet/android/receipts', { token });
    expect(receipts.body.receipts.map((r: { kind: string }) => r.kind)).toEqual(['refund', 'deposit']);
  });

  it('answers the paid-currency report for a base date to admins only, with 400 on a bad date', async () => {
    const admin = await api.admin();
    const { token } = await api.player();
    const report = await api.call('GET', '/v1/admin/reports/paid-currency?at=2027-03-31', { token: admin });
    expect([report.status, report.body.at, Array.isArray(report.body.currencies)]).toEqual([200, '2027-03-31', true]);
    expect((await api.call('GET', '/v1/admin/reports/paid-currency?at=31-03-2027', { token: admin })).status).toBe(400);
    expect((await api.call('GET', '/v1/admin/reports/paid-currency?at=2027-03-31', { token })).status).toBe(403);
  });

  it('describes the purchase and notification endpoints in the OpenAPI document', async () => {
    const { body } = await api.call('GET', '/openapi.json');
    expect(body.paths['/v1/purchases/apple'].post.operationId).toBe('purchaseApple');
    expect(body.paths['/v1/purchases/google'].post.operationId).toBe('purchaseGoogle');
    expect(body.paths['/v1/purchases/apple/notifications'].post.operationId).toBe('appleStoreNotification');
    expect(body.paths['/v1/purchases/google/notifications'].post.operationId).toBe('googlePlayNotification');
    expect(body.paths['/v1/admin/reports/paid-currency'].get.operationId).toBe('getPaidCurrencyReport');
  });
});
