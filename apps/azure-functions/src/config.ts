import type { AzureConfig } from '@kumo/adapter-azure';
import { KumoError } from '@kumo/core';

/** Environment variables (app settings) the function app reads. */
export type FunctionsEnv = Record<string, string | undefined>;

/** App setting that holds the Storage connection string of the job queues (queue triggers read it too). */
export const STORAGE_SETTING = 'KUMO_STORAGE';

/**
 * The Azure adapter configuration from app settings:
 * - `KUMO_COSMOS_ENDPOINT`, `KUMO_COSMOS_KEY` (required; put the key in Key Vault and reference
 *   it from the app setting); `KUMO_COSMOS_DATABASE` (default `kumo`), `KUMO_COSMOS_CONTAINER`
 *   (default `store`, partition key `/pk`).
 * - `KUMO_STORAGE` (required): Storage connection string of the job queues.
 * - `KUMO_WEB_PUBSUB` (required): Web PubSub connection string; `KUMO_WEB_PUBSUB_HUB` (default `kumo`).
 * - Mobile push through Azure Notification Hubs (optional; without it notifications for offline
 *   players are logged and dropped): `KUMO_NOTIFICATION_HUBS` (an access policy connection string
 *   with Listen and Send rights; a Key Vault reference) and `KUMO_NOTIFICATION_HUB` (the hub name,
 *   default `kumo`). The FCM v1 and APNs credentials live in the hub, not here.
 */
export function azureConfigFromEnv(env: FunctionsEnv): AzureConfig {
  const required = (name: string) => {
    const value = env[name];
    if (!value) throw new KumoError('internal', 'misconfigured', `set the app setting ${name}`);
    return value;
  };
  return {
    cosmos: {
      endpoint: required('KUMO_COSMOS_ENDPOINT'),
      key: required('KUMO_COSMOS_KEY'),
      database: env.KUMO_COSMOS_DATABASE ?? 'kumo',
      container: env.KUMO_COSMOS_CONTAINER ?? 'store',
    },
    storage: { connectionString: required(STORAGE_SETTING) },
    webPubSub: { connectionString: required('KUMO_WEB_PUBSUB'), hub: env.KUMO_WEB_PUBSUB_HUB ?? 'kumo' },
    ...(env.KUMO_NOTIFICATION_HUBS ? { notificationHubs: { connectionString: env.KUMO_NOTIFICATION_HUBS, hub: env.KUMO_NOTIFICATION_HUB ?? 'kumo' } } : {}),
  };
}
