import type { Environment, SignedDataVerifier } from '@apple/app-store-server-library';
import type { AppleSettings } from './purchase-settings';
import type { VerifiedPurchase } from './purchase-types';
import { PurchaseUnverified, PurchaseWrongApp, PurchaseWrongEnvironment, StoreUnavailable } from './purchase-errors';

/** A verified App Store transaction: the purchase, and whether Apple has revoked it. */
export interface AppleTransaction extends VerifiedPurchase {
  revoked: boolean;
}

/** A verified App Store Server Notification V2 (only what refunds need). */
export interface AppleNotification {
  notificationType: string;
  /** The transaction the notification is about, verified too; absent for notifications without one. */
  transaction?: AppleTransaction;
}

/** Status names of `VerificationStatus` in @apple/app-store-server-library. */
const STATUS = ['OK', 'VERIFICATION_FAILURE', 'RETRYABLE_VERIFICATION_FAILURE', 'INVALID_APP_IDENTIFIER', 'INVALID_ENVIRONMENT', 'INVALID_CHAIN_LENGTH', 'INVALID_CERTIFICATE', 'FAILURE'];

/**
 * Verifies StoreKit 2 signed transactions and App Store Server Notifications V2 with Apple's
 * `SignedDataVerifier`: the x5c certificate chain up to the configured roots (with Apple's OIDs),
 * the ES256 signature, the bundle id, the environment (and in Production the app's Apple id). No
 * network: online revocation checks are off and dates are checked at the signing date. The library
 * loads on first use, so it costs nothing at cold start of a deployment without App Store sales.
 */
export class AppleVerifier {
  private verifier?: Promise<SignedDataVerifier>;

  constructor(private readonly settings: AppleSettings) {}

  /** Verifies a signed transaction (JWS) from the device. */
  async transaction(signedTransaction: string): Promise<AppleTransaction> {
    const verifier = await this.load();
    const decoded = await verifier.verifyAndDecodeTransaction(signedTransaction).catch(failure);
    return toTransaction(decoded);
  }

  /** Verifies a notification's `signedPayload`, and the signed transaction inside it. */
  async notification(signedPayload: string): Promise<AppleNotification> {
    const verifier = await this.load();
    const decoded = await verifier.verifyAndDecodeNotification(signedPayload).catch(failure);
    const signed = decoded.data?.signedTransactionInfo;
    const transaction = signed ? toTransaction(await verifier.verifyAndDecodeTransaction(signed).catch(failure)) : undefined;
    return { notificationType: String(decoded.notificationType ?? ''), transaction };
  }

  private load(): Promise<SignedDataVerifier> {
    const { rootCertificates, environment, bundleId, appAppleId } = this.settings;
    this.verifier ??= import('@apple/app-store-server-library').then(
      (library) => new library.SignedDataVerifier(rootCertificates.map((der) => Buffer.from(der, 'base64')), false, environment as Environment, bundleId, appAppleId),
    );
    return this.verifier;
  }
}

function toTransaction(decoded: Awaited<ReturnType<SignedDataVerifier['verifyAndDecodeTransaction']>>): AppleTransaction {
  if (!decoded.transactionId || !decoded.productId) throw new PurchaseUnverified('apple', 'the transaction has no transactionId or productId');
  return {
    platform: 'apple',
    transactionId: decoded.transactionId,
    productId: decoded.productId,
    quantity: decoded.quantity ?? 1,
    purchasedAt: decoded.purchaseDate ?? 0,
    consumed: false,
    revoked: decoded.revocationDate !== undefined,
  };
}

/** Maps the library's `VerificationException` (by its status) to Kumo errors. */
function failure(error: unknown): never {
  const status = STATUS[(error as { status?: number }).status ?? 7] ?? 'FAILURE';
  if (status === 'INVALID_APP_IDENTIFIER') throw new PurchaseWrongApp('apple');
  if (status === 'INVALID_ENVIRONMENT') throw new PurchaseWrongEnvironment('apple');
  if (status === 'RETRYABLE_VERIFICATION_FAILURE') throw new StoreUnavailable('apple', 'certificate status check failed');
  throw new PurchaseUnverified('apple', status.toLowerCase());
}
