import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { purchaseSettingsFromEnv, type PurchaseSettings } from '@kumo/core';

/** Bundle id the local test App Store signs for. */
export const DEV_BUNDLE_ID = 'dev.kumo.game';

/** Where the local test App Store keeps its certificate authority (`KUMO_APPLE_TEST_CA`). */
export const testCaFile = (env: Record<string, string | undefined> = process.env) => env.KUMO_APPLE_TEST_CA ?? join(tmpdir(), 'kumo-apple-test-ca.json');

/**
 * Purchase settings of a local run: the deployment variables (`purchaseSettingsFromEnv`), or, when
 * `KUMO_APPLE_TEST_CA` is set and no App Store is configured, a sandbox App Store for bundle
 * `dev.kumo.game` that trusts the test certificate authority in that file (made on first use and
 * shared with `npm run apple-test-transaction`). Never a deployment's setting.
 */
export async function devPurchaseSettings(env: Record<string, string | undefined> = process.env): Promise<PurchaseSettings> {
  const settings = purchaseSettingsFromEnv(env);
  if (settings.apple || !env.KUMO_APPLE_TEST_CA) return settings;
  const { AppleTestSigner } = await import('@kumo/core/testing');
  const signer = await AppleTestSigner.shared(testCaFile(env));
  return { ...settings, apple: { bundleId: DEV_BUNDLE_ID, environment: 'Sandbox', rootCertificates: [signer.rootCertificate] } };
}
