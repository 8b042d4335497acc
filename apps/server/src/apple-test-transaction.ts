/**
 * Prints a StoreKit 2 signed transaction of the local test App Store, as a game client would get
 * it from StoreKit: `npm run -s apple-test-transaction -- <productId> [transactionId]`. The
 * certificate authority is the one in KUMO_APPLE_TEST_CA (default: kumo-apple-test-ca.json in the
 * temp folder), which a local server started with the same variable trusts. For local tries and
 * tests only.
 */
import { randomUUID } from 'node:crypto';
import { AppleTestSigner } from '@kumo/core/testing';
import { DEV_BUNDLE_ID, testCaFile } from './dev-purchases';

const [productId, transactionId = randomUUID()] = process.argv.slice(2);
if (!productId) {
  console.error('usage: npm run -s apple-test-transaction -- <productId> [transactionId]');
  process.exit(2);
}
const signer = await AppleTestSigner.shared(testCaFile());
console.log(signer.transaction({ transactionId, productId, bundleId: DEV_BUNDLE_ID }));
