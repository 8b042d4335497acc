import { KumoError, NotFound } from '../../ports/errors';

/** No store product is defined for this platform and product id. */
export class StoreProductNotFound extends NotFound {
  constructor(platform: string, productId: string) {
    super(`no store product ${productId} for ${platform}`, { platform, productId }, 'store_product_not_found');
  }
}

/** Purchases of this store are not configured on this deployment: 404, as for any route it does not offer. */
export class StoreNotConfigured extends KumoError {
  constructor(platform: string) {
    super('not_found', 'store_not_configured', `${platform} purchases are not configured on this deployment`, { platform });
  }
}

/** The store's proof of purchase failed verification (signature, certificate chain, malformed, unknown token). */
export class PurchaseUnverified extends KumoError {
  constructor(platform: string, reason: string) {
    super('invalid', 'purchase_unverified', `the ${platform} purchase could not be verified: ${reason}`, { platform, reason });
  }
}

/** The purchase belongs to another app (bundle id or package name). */
export class PurchaseWrongApp extends KumoError {
  constructor(platform: string) {
    super('invalid', 'purchase_wrong_app', `the ${platform} purchase belongs to another app`, { platform });
  }
}

/** The purchase comes from another store environment (sandbox vs production, test purchase). */
export class PurchaseWrongEnvironment extends KumoError {
  constructor(platform: string) {
    super('invalid', 'purchase_wrong_environment', `the ${platform} purchase comes from another store environment`, { platform });
  }
}

/** A Google Play purchase still waiting for payment. */
export class PurchasePending extends KumoError {
  constructor(transactionId: string) {
    super('conflict', 'purchase_pending', 'the purchase is pending payment; present it again once it completes', { transactionId });
  }
}

/** A cancelled Google Play purchase, or an App Store transaction Apple revoked. */
export class PurchaseCancelled extends KumoError {
  constructor(transactionId: string) {
    super('conflict', 'purchase_cancelled', 'the store cancelled or revoked this purchase', { transactionId });
  }
}

/** Another player already redeemed this store transaction; the attempt is recorded. */
export class PurchaseClaimed extends KumoError {
  constructor(platform: string, transactionId: string) {
    super('conflict', 'purchase_claimed', 'this store transaction was already redeemed by another player', { platform, transactionId });
  }
}

/** The store transaction was refunded before it was credited, or consumed outside this backend. */
export class PurchaseNotRedeemable extends KumoError {
  constructor(platform: string, transactionId: string, reason: 'refunded' | 'consumed') {
    super('conflict', `purchase_${reason}`, `this store transaction was ${reason} and cannot be redeemed`, { platform, transactionId });
  }
}

/** The store could not be reached or answered with a server error; retry. */
export class StoreUnavailable extends KumoError {
  constructor(platform: string, reason: string) {
    super('unavailable', 'store_unavailable', `the ${platform} store did not answer: ${reason}`, { platform });
  }
}

/** A store notification without the configured credential. */
export class NotificationRejected extends KumoError {
  constructor() {
    super('unauthorized', 'notification_unauthorized', 'the notification does not carry the configured token');
  }
}

/** No purchase claim for this store transaction. */
export class PurchaseNotFound extends NotFound {
  constructor(platform: string, transactionId: string) {
    super(`no purchase of ${platform} transaction ${transactionId}`, { platform, transactionId }, 'purchase_not_found');
  }
}
