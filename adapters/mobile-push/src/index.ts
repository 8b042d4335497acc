export { FcmMobilePush, defaultFcmAccessToken, type FcmOptions } from './fcm';
export { ApnsMobilePush, type ApnsOptions } from './apns';
export { DeviceMobilePush } from './device-mobile-push';
export { registryTokens, type DeviceTokenSource, type StaleTokenHandler } from './token-source';
export { apnsSettingsFromEnv, createDeviceMobilePush, mobilePushSettingsFromEnv, type ApnsSettings, type MobilePushEnv, type MobilePushSettings } from './mobile-push-env';
