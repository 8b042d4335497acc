import { KumoError, storeDeviceTokens, type MobilePush, type Store } from '@kumo/core';
import { ApnsMobilePush, type ApnsOptions } from './apns';
import { DeviceMobilePush } from './device-mobile-push';
import { defaultFcmAccessToken, FcmMobilePush } from './fcm';
import { registryTokens } from './token-source';

/** Environment variables, e.g. `process.env`. */
export type MobilePushEnv = Record<string, string | undefined>;

/** APNs settings: credentials and server, without the token source. */
export type ApnsSettings = Omit<ApnsOptions, 'deviceTokens' | 'onStaleToken'>;

/** Direct mobile push settings: each service present is used. */
export interface MobilePushSettings {
  fcm?: {
    projectId: string;
    /** A service account key (parsed JSON); default: Application Default Credentials. */
    credentials?: Record<string, string>;
    endpoint?: string;
    /** OAuth 2 access tokens in place of `credentials` (tests, custom token brokers). */
    accessToken?: () => Promise<string>;
  };
  apns?: ApnsSettings;
}

/**
 * APNs settings from environment variables, or `undefined` when `KUMO_APNS_KEY_ID` is not set.
 * With it, required: `KUMO_APNS_KEY` (the .p8 key's PEM text, from a secret), `KUMO_APNS_TEAM_ID`,
 * `KUMO_APNS_TOPIC` (the app's bundle id). `KUMO_APNS_PRODUCTION=true` sends to production APNs
 * (default: the sandbox); `KUMO_APNS_ADDRESS` (`host:port`) overrides the server.
 */
export function apnsSettingsFromEnv(env: MobilePushEnv): ApnsSettings | undefined {
  if (!env.KUMO_APNS_KEY_ID) return undefined;
  return {
    key: required(env, 'KUMO_APNS_KEY'),
    keyId: env.KUMO_APNS_KEY_ID,
    teamId: required(env, 'KUMO_APNS_TEAM_ID'),
    topic: required(env, 'KUMO_APNS_TOPIC'),
    production: env.KUMO_APNS_PRODUCTION === 'true',
    ...(env.KUMO_APNS_ADDRESS ? { address: env.KUMO_APNS_ADDRESS } : {}),
  };
}

/**
 * Direct mobile push settings from environment variables (secrets are read here only, never
 * logged, and never echoed in errors):
 * - FCM HTTP v1 when `KUMO_FCM_PROJECT_ID` is set. Credentials: `KUMO_FCM_CREDENTIALS` (a service
 *   account key's JSON text) or else Application Default Credentials
 *   (`GOOGLE_APPLICATION_CREDENTIALS`, a metadata server). `KUMO_FCM_ENDPOINT` overrides
 *   `https://fcm.googleapis.com`.
 * - APNs as `apnsSettingsFromEnv` reads it.
 */
export function mobilePushSettingsFromEnv(env: MobilePushEnv): MobilePushSettings {
  const apns = apnsSettingsFromEnv(env);
  const projectId = env.KUMO_FCM_PROJECT_ID;
  const fcm = projectId
    ? { projectId, ...(env.KUMO_FCM_CREDENTIALS ? { credentials: parseCredentials(env.KUMO_FCM_CREDENTIALS) } : {}), ...(env.KUMO_FCM_ENDPOINT ? { endpoint: env.KUMO_FCM_ENDPOINT } : {}) }
    : undefined;
  return { ...(fcm ? { fcm } : {}), ...(apns ? { apns } : {}) };
}

/**
 * Mobile push straight to FCM and/or APNs on the device registry in `store` (tokens the services
 * report invalid are forgotten there); `undefined` if the settings name neither service.
 */
export function createDeviceMobilePush(settings: MobilePushSettings, store: Store): DeviceMobilePush | undefined {
  const senders: { fcm?: MobilePush; apns?: MobilePush } = {};
  if (settings.fcm) {
    const { projectId, endpoint, credentials, accessToken } = settings.fcm;
    senders.fcm = new FcmMobilePush({ projectId, endpoint, accessToken: accessToken ?? defaultFcmAccessToken(credentials), ...registryTokens(storeDeviceTokens(store, 'fcm')) });
  }
  if (settings.apns) senders.apns = new ApnsMobilePush({ ...settings.apns, ...registryTokens(storeDeviceTokens(store, 'apns')) });
  return senders.fcm || senders.apns ? new DeviceMobilePush(senders) : undefined;
}

function required(env: MobilePushEnv, name: string): string {
  const value = env[name];
  if (!value) throw new KumoError('internal', 'misconfigured', `set ${name} (APNs is enabled by KUMO_APNS_KEY_ID)`);
  return value;
}

/** The service account key; the error never echoes the secret's text. */
function parseCredentials(text: string): Record<string, string> {
  try {
    return JSON.parse(text) as Record<string, string>;
  } catch {
    throw new KumoError('internal', 'misconfigured', 'KUMO_FCM_CREDENTIALS is not a JSON service account key');
  }
}
