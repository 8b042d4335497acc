export { FcmStandIn, type FcmRequest, type StandInDelivery } from './fcm-stand-in';
export { ApnsStandIn, type ApnsTestKey } from './apns-stand-in';
export { directMobilePushHarness, standInSettings } from './direct-harness';
