export { AppleTestSigner, type TestTransaction } from './apple-test-signer';
export { GooglePlayStandIn, type StandInPurchase } from './google-play-stand-in';
