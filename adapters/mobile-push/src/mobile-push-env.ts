import { KumoError, storeDeviceTokens, type MobilePush, type Store } from '@kumo/core';
import { ApnsMobilePush } from './apns';
import { DeviceMobilePush } from './device-mobile-push';
import { defaultFcmAccessToken, FcmMobilePush } from './fcm';
import { registryTokens } from './token-source';

/** Environment variables, e.g. `process.env`. */
export type MobilePushEnv = Record<string, string | undefined>;

/** What environment variables cannot carry: a token source in place of Google credentials, certificates to trust for APNs. */
export interface MobilePushConnections {
  /** OAuth 2 access tokens for FCM (default: from `KUMO_FCM_CREDENTIALS` or Application Default Credentials). */
  fcmAccessToken?: () => Promise<string>;
  /** Extra trusted certificates (PEM) for the APNs server, e.g. a local one. */
  apnsCa?: string[];
}

/**
 * Mobile push straight to FCM and/or APNs from environment variables, on the device registry in
 * `store` (tokens the services report invalid are forgotten there); `undefined` if neither is
 * configured. Secrets are read from the environment only and never logged.
 * - FCM (HTTP v1) when `KUMO_FCM_PROJECT_ID` is set. Credentials: `KUMO_FCM_CREDENTIALS` (a
 *   service account key's JSON text, from a secret store) or else Application Default Credentials
 *   (`GOOGLE_APPLICATION_CREDENTIALS`, a metadata server). `KUMO_FCM_ENDPOINT` overrides
 *   `https://fcm.googleapis.com`.
 * - APNs (HTTP/2, token auth) when `KUMO_APNS_KEY_ID` is set; then required: `KUMO_APNS_KEY`
 *   (the .p8 key's PEM text), `KUMO_APNS_TEAM_ID`, `KUMO_APNS_TOPIC` (the app's bundle id).
 *   `KUMO_APNS_PRODUCTION=true` sends to production APNs (default: the sandbox);
 *   `KUMO_APNS_ADDRESS` (`host:port`) overrides the server.
 */
export function mobilePushFromEnv(env: MobilePushEnv, store: Store, connections: MobilePushConnections = {}): DeviceMobilePush | undefined {
  const senders: { fcm?: MobilePush; apns?: MobilePush } = {};
  if (env.KUMO_FCM_PROJECT_ID) {
    senders.fcm = new FcmMobilePush({
      projectId: env.KUMO_FCM_PROJECT_ID,
      endpoint: env.KUMO_FCM_ENDPOINT,
      accessToken: connections.fcmAccessToken ?? defaultFcmAccessToken(env.KUMO_FCM_CREDENTIALS ? parseCredentials(env.KUMO_FCM_CREDENTIALS) : undefined),
      ...registryTokens(storeDeviceTokens(store, 'fcm')),
    });
  }
  if (env.KUMO_APNS_KEY_ID) {
    senders.apns = new ApnsMobilePush({
      key: required(env, 'KUMO_APNS_KEY'),
      keyId: env.KUMO_APNS_KEY_ID,
      teamId: required(env, 'KUMO_APNS_TEAM_ID'),
      topic: required(env, 'KUMO_APNS_TOPIC'),
      production: env.KUMO_APNS_PRODUCTION === 'true',
      address: env.KUMO_APNS_ADDRESS,
      ca: connections.apnsCa,
      ...registryTokens(storeDeviceTokens(store, 'apns')),
    });
  }
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
