import { createGcpPorts as createPorts, type GcpConfig, type GcpPorts } from '@kumo/adapter-gcp';
import { apnsSettingsFromEnv } from '@kumo/adapter-mobile-push';

/**
 * The Google Cloud adapter set, in a module of its own: the entry imports it on first use (with the
 * Datastore and Pub/Sub clients and the mobile push senders). The APNs settings (`KUMO_APNS_*`, see
 * `gcpConfigFromEnv`) are read from `env` here, so that the module that reads them, which imports
 * the APNs and FCM senders, is not loaded at cold start.
 */
export function createGcpPorts(config: GcpConfig, env: Record<string, string | undefined> = process.env): GcpPorts {
  const apns = apnsSettingsFromEnv(env);
  return createPorts({ ...config, ...(apns ? { apns } : {}) });
}
