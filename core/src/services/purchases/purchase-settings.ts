import { ContainerModule } from 'inversify';
import { token } from '../../container';
import { KumoError } from '../../ports/errors';
import type { RefundPolicy } from '../wallet/wallet-types';

/** App Store settings of a deployment. */
export interface AppleSettings {
  bundleId: string;
  /** `Sandbox` or `Production` (`Xcode`/`LocalTesting` skip signature checks: never in a deployment). */
  environment: 'Sandbox' | 'Production';
  /** The app's Apple id; required in Production. */
  appAppleId?: number;
  /** Trusted root certificates, DER as base64 (Apple Root CA - G3 in a deployment; a test root in tests). */
  rootCertificates: string[];
}

/** Google Play settings of a deployment. */
export interface GoogleSettings {
  packageName: string;
  /** Service account allowed to call the Play Developer API. */
  credentials: { client_email: string; private_key: string };
  /** Sign API calls with a self-signed JWT instead of exchanging it for an access token first. */
  selfSignedJwt?: boolean;
  /** API root (default https://androidpublisher.googleapis.com/); a local stand-in in tests. */
  rootUrl?: string;
  /** Accept license-tester purchases (`purchaseType` 0): sandbox deployments only. */
  allowTestPurchases?: boolean;
  /** Secret the Pub/Sub push subscription sends as `?token=` on real-time developer notifications. */
  notificationToken?: string;
}

/** Purchase settings of one deployment. None of it ever reaches a client. */
export interface PurchaseSettings {
  apple?: AppleSettings;
  google?: GoogleSettings;
  refundPolicy: RefundPolicy;
}

/** Container token of the purchase settings (default: no store configured, `negative_balance`). */
export const PURCHASE_SETTINGS = token<PurchaseSettings>('PurchaseSettings');
/** Settings of a deployment that configured no store. */
export const NO_STORES: PurchaseSettings = { refundPolicy: 'negative_balance' };

/** A module that replaces the purchase settings; load it after `coreModule`. */
export function purchaseSettingsModule(settings: PurchaseSettings): ContainerModule {
  return new ContainerModule(({ rebindSync }) => {
    rebindSync(PURCHASE_SETTINGS).toConstantValue(settings);
  });
}

const misconfigured = (message: string) => new KumoError('internal', 'misconfigured', message);

/**
 * Purchase settings from environment variables: `KUMO_APPLE_BUNDLE_ID`, `KUMO_APPLE_ENVIRONMENT`
 * (Sandbox | Production), `KUMO_APPLE_APP_ID`, `KUMO_APPLE_ROOT_CERTS` (base64 DER, comma-separated);
 * `KUMO_GOOGLE_PACKAGE_NAME`, `KUMO_GOOGLE_CREDENTIALS` (service account JSON),
 * `KUMO_GOOGLE_NOTIFICATION_TOKEN`, `KUMO_GOOGLE_TEST_PURCHASES=true`; `KUMO_REFUND_POLICY`
 * (negative_balance | debit_free_first). A store whose variables are absent is not configured.
 */
export function purchaseSettingsFromEnv(env: Record<string, string | undefined> = process.env): PurchaseSettings {
  const settings: PurchaseSettings = { refundPolicy: 'negative_balance' };
  const policy = env.KUMO_REFUND_POLICY;
  if (policy) {
    if (policy !== 'negative_balance' && policy !== 'debit_free_first') throw misconfigured('KUMO_REFUND_POLICY is negative_balance or debit_free_first');
    settings.refundPolicy = policy;
  }
  if (env.KUMO_APPLE_BUNDLE_ID) {
    const environment = env.KUMO_APPLE_ENVIRONMENT ?? 'Production';
    if (environment !== 'Sandbox' && environment !== 'Production') throw misconfigured('KUMO_APPLE_ENVIRONMENT is Sandbox or Production');
    const rootCertificates = (env.KUMO_APPLE_ROOT_CERTS ?? '').split(',').filter(Boolean);
    if (rootCertificates.length === 0) throw misconfigured('set KUMO_APPLE_ROOT_CERTS to the base64 DER of Apple Root CA - G3');
    const appAppleId = env.KUMO_APPLE_APP_ID ? Number(env.KUMO_APPLE_APP_ID) : undefined;
    if (environment === 'Production' && !Number.isSafeInteger(appAppleId)) throw misconfigured('set KUMO_APPLE_APP_ID in Production');
    settings.apple = { bundleId: env.KUMO_APPLE_BUNDLE_ID, environment, appAppleId, rootCertificates };
  }
  if (env.KUMO_GOOGLE_PACKAGE_NAME) {
    let credentials: GoogleSettings['credentials'];
    try {
      credentials = JSON.parse(env.KUMO_GOOGLE_CREDENTIALS ?? '') as GoogleSettings['credentials'];
    } catch {
      throw misconfigured('set KUMO_GOOGLE_CREDENTIALS to the service account key JSON');
    }
    settings.google = {
      packageName: env.KUMO_GOOGLE_PACKAGE_NAME,
      credentials,
      notificationToken: env.KUMO_GOOGLE_NOTIFICATION_TOKEN,
      allowTestPurchases: env.KUMO_GOOGLE_TEST_PURCHASES === 'true',
    };
  }
  return settings;
}
