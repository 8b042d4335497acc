import type { DevicePlatform, Store } from '@kumo/core';
import { createDeviceMobilePush, mobilePushSettingsFromEnv, type MobilePushSettings } from '../src/index';
import { ApnsStandIn } from './apns-stand-in';
import { FcmStandIn } from './fcm-stand-in';

/**
 * Settings for both stand-ins, read from environment variables as a server reads them
 * (`mobilePushSettingsFromEnv`), plus what variables cannot carry: a fixed FCM access token and
 * the APNs stand-in's certificate.
 */
export function standInSettings(fcm: FcmStandIn, apns: ApnsStandIn): MobilePushSettings {
  const settings = mobilePushSettingsFromEnv({
    KUMO_FCM_PROJECT_ID: 'game',
    KUMO_FCM_ENDPOINT: fcm.endpoint,
    KUMO_APNS_KEY_ID: apns.signingKey.keyId,
    KUMO_APNS_KEY: apns.signingKey.key,
    KUMO_APNS_TEAM_ID: apns.signingKey.teamId,
    KUMO_APNS_TOPIC: 'com.example.game',
    KUMO_APNS_ADDRESS: apns.address,
  });
  return { fcm: { ...settings.fcm!, accessToken: async () => 'ya29.stand-in' }, apns: { ...settings.apns!, ca: [apns.ca] } };
}

/**
 * A `describeMobilePush` harness for direct FCM and APNs on any store: starts both stand-ins and
 * builds the sender the way a self-hosted server does (`standInSettings`,
 * `createDeviceMobilePush`). `close` stops the stand-ins and the APNs connection.
 */
export async function directMobilePushHarness(store: Store) {
  const [fcm, apns] = await Promise.all([FcmStandIn.start(), ApnsStandIn.start()]);
  const mobilePush = createDeviceMobilePush(standInSettings(fcm, apns), store)!;
  const standIns = { fcm, apns };
  return {
    store,
    mobilePush,
    platforms: ['fcm', 'apns'] as DevicePlatform[],
    fcm,
    apns,
    delivered: (platform: DevicePlatform, token: string) => standIns[platform].deliveries.filter((d) => d.token === token).map((d) => d.event),
    invalidate: (platform: DevicePlatform, token: string) => standIns[platform].reject(token),
    close: async () => void (await Promise.all([mobilePush.close(), fcm.close(), apns.close()])),
  };
}

