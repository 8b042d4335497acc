import type { androidpublisher_v3 } from '@googleapis/androidpublisher';
import type { GoogleSettings } from './purchase-settings';
import type { VerifiedPurchase } from './purchase-types';
import { PurchaseCancelled, PurchasePending, PurchaseUnverified, PurchaseWrongApp, PurchaseWrongEnvironment, StoreUnavailable } from './purchase-errors';

const SCOPE = 'https://www.googleapis.com/auth/androidpublisher';

/** A verified Google Play purchase; `consume` tells Google it was delivered. */
export interface GooglePurchase extends VerifiedPurchase {
  consume(): Promise<void>;
}

/**
 * Verifies Google Play one-time purchases through the Play Developer API
 * (`purchases.products.get` with the purchase token, via `@googleapis/androidpublisher`): the
 * package name, the product id, the purchase state (0 purchased; 1 cancelled and 2 pending are
 * refused), test purchases unless allowed, and the order id that identifies the purchase once.
 * `consume` (which also acknowledges) runs after the credit, so an unacknowledged purchase is
 * never refunded by Google while its currency stays credited. The SDK loads on first use.
 */
export class GoogleVerifier {
  private api?: Promise<androidpublisher_v3.Androidpublisher>;

  constructor(private readonly settings: GoogleSettings) {}

  /** The app's package name. */
  get packageName(): string {
    return this.settings.packageName;
  }

  /** Verifies a purchase token of `productId`; `packageName`, if the client sent it, must be ours. */
  async purchase(productId: string, token: string, packageName?: string): Promise<GooglePurchase> {
    if (packageName !== undefined && packageName !== this.settings.packageName) throw new PurchaseWrongApp('google');
    const api = await this.load();
    const params = { packageName: this.settings.packageName, productId, token };
    const { data } = await api.purchases.products.get(params).catch(failure);
    if (data.productId && data.productId !== productId) throw new PurchaseUnverified('google', 'the token belongs to another product');
    const orderId = data.orderId;
    if (!orderId) throw new PurchaseUnverified('google', 'the purchase has no order id');
    if (data.purchaseState === 2) throw new PurchasePending(orderId);
    if (data.purchaseState !== 0) throw new PurchaseCancelled(orderId);
    if (data.purchaseType === 0 && !this.settings.allowTestPurchases) throw new PurchaseWrongEnvironment('google');
    return {
      platform: 'google',
      transactionId: orderId,
      productId,
      quantity: data.quantity ?? 1,
      purchasedAt: Number(data.purchaseTimeMillis ?? 0),
      consumed: data.consumptionState === 1,
      consume: async () => void (await api.purchases.products.consume(params).catch(failure)),
    };
  }

  private load(): Promise<androidpublisher_v3.Androidpublisher> {
    const { credentials, rootUrl, selfSignedJwt } = this.settings;
    this.api ??= import('@googleapis/androidpublisher').then((sdk) => {
      const auth = new sdk.auth.JWT({ email: credentials.client_email, key: credentials.private_key, scopes: [SCOPE] });
      auth.useJWTAccessWithScope = selfSignedJwt ?? false;
      return sdk.androidpublisher({ version: 'v3', auth, ...(rootUrl ? { rootUrl } : {}) });
    });
    return this.api;
  }
}

/** Maps an API error (gaxios, with the response status) to Kumo errors. */
function failure(error: unknown): never {
  const status = (error as { response?: { status?: number } }).response?.status ?? (error as { status?: number }).status;
  if (status === 400 || status === 404 || status === 410) throw new PurchaseUnverified('google', 'Google Play does not know this purchase token');
  throw new StoreUnavailable('google', status ? `HTTP ${status}` : String((error as Error).message ?? error));
}
