import { KumoError } from '@kumo/core';
import type { GcpConfig } from '@kumo/adapter-gcp';

/**
 * The adapter configuration of a deployed function, from its environment:
 * - `KUMO_PROJECT_ID` (or `GOOGLE_CLOUD_PROJECT`): project of Datastore and Pub/Sub;
 * - `KUMO_MQTT_URL` (required), `KUMO_MQTT_USERNAME`, `KUMO_MQTT_PASSWORD`: the push broker;
 * - `KUMO_PUSH_CLIENT_URL`: the broker URL game clients connect to, answered by `GET /v1/push/connection`;
 * - `KUMO_DATASTORE_NAMESPACE`, `KUMO_PUBSUB_PREFIX` (default `kumo-`): isolation of one deployment.
 * `DATASTORE_EMULATOR_HOST` and `PUBSUB_EMULATOR_HOST` are read by the Google clients themselves.
 * Pull subscriptions are off: in a deployment, Pub/Sub triggers own the subscriptions.
 * Mobile push goes through Firebase Cloud Messaging of the same project, with Application Default
 * Credentials, to the device tokens players registered (`PUT /v1/devices`, core's device registry
 * in Datastore); tokens FCM reports as no longer registered are forgotten there. Raw APNs device
 * tokens (platform `apns`) go straight to APNs when `KUMO_APNS_KEY_ID`, `KUMO_APNS_KEY` (the .p8
 * key, from Secret Manager), `KUMO_APNS_TEAM_ID` and `KUMO_APNS_TOPIC` are set
 * (`KUMO_APNS_PRODUCTION=true` for production APNs): those are read with the adapter set, on
 * first use (`createGcpPorts` of `./gcp-ports`), so that a cold start does not load the APNs and
 * FCM senders.
 */
export function gcpConfigFromEnv(env: Record<string, string | undefined> = process.env): GcpConfig {
  const projectId = env.KUMO_PROJECT_ID ?? env.GOOGLE_CLOUD_PROJECT;
  const url = env.KUMO_MQTT_URL;
  if (!projectId || !url) throw new KumoError('internal', 'misconfigured', 'set KUMO_PROJECT_ID (or GOOGLE_CLOUD_PROJECT) and KUMO_MQTT_URL');
  return {
    projectId,
    datastore: { namespace: env.KUMO_DATASTORE_NAMESPACE },
    pubsub: { prefix: env.KUMO_PUBSUB_PREFIX, pullSubscriptions: false },
    mqtt: { url, clientUrl: env.KUMO_PUSH_CLIENT_URL, client: { username: env.KUMO_MQTT_USERNAME, password: env.KUMO_MQTT_PASSWORD } },
    fcm: {},
  };
}
