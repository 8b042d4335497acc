import { resolve } from 'node:path';
import { mobilePushSettingsFromEnv, type MobilePushSettings } from '@kumo/adapter-mobile-push';
import type { MqttPushOptions } from '@kumo/adapter-mqtt';
import type { DatabaseConfig } from '@kumo/adapter-postgres';

/** Where the server keeps its data: in memory (lost on exit), or a PostgreSQL database (embedded or a server). */
export type StorageChoice = { kind: 'memory' } | { kind: 'postgres'; database: DatabaseConfig };

/** Which backends the server runs on. */
export interface BackendConfig {
  storage: StorageChoice;
  /** The MQTT broker shared by every instance; without it, push is this process's WebSocket. */
  mqtt?: MqttPushOptions;
  /** Mobile push straight to FCM and/or APNs; without it notifications are only recorded in memory. */
  mobilePush?: MobilePushSettings;
}

/** Default data folder of the embedded engine, relative to the working directory. */
export const DEFAULT_DATA_DIR = '.kumo/data';

/**
 * Reads the backends from the environment:
 * - `KUMO_STORE=memory`: the in-memory adapter (data lost on exit);
 * - `KUMO_DATABASE_URL=postgres://…`: a PostgreSQL server (tables created on start);
 * - otherwise the embedded PostgreSQL engine in `KUMO_DATA_DIR` (default `./.kumo/data`), relative
 *   to the folder `npm start` was run from (`INIT_CWD`, which npm sets), else the working directory;
 * - `KUMO_MQTT_URL` (with `KUMO_MQTT_USERNAME` / `KUMO_MQTT_PASSWORD`): push and presence through
 *   that broker, shared by every instance; `KUMO_PUSH_CLIENT_URL` is the broker URL game clients
 *   are told to use (default: `KUMO_MQTT_URL`);
 * - `KUMO_FCM_*` / `KUMO_APNS_*`: mobile push for offline players straight to FCM HTTP v1 and to
 *   APNs (`mobilePushSettingsFromEnv` of `@kumo/adapter-mobile-push`, listed in the README).
 */
export function backendConfigFromEnv(env: Record<string, string | undefined> = process.env): BackendConfig {
  const mqtt = env.KUMO_MQTT_URL
    ? {
        url: env.KUMO_MQTT_URL,
        clientUrl: env.KUMO_PUSH_CLIENT_URL ?? env.KUMO_MQTT_URL,
        client: { username: env.KUMO_MQTT_USERNAME, password: env.KUMO_MQTT_PASSWORD },
      }
    : undefined;
  const mobilePush = mobilePushSettingsFromEnv(env);
  const push = { mqtt, ...(mobilePush.fcm || mobilePush.apns ? { mobilePush } : {}) };
  if (env.KUMO_STORE === 'memory') return { storage: { kind: 'memory' }, ...push };
  if (env.KUMO_STORE !== undefined && env.KUMO_STORE !== 'postgres') {
    throw new Error(`KUMO_STORE must be "memory" or "postgres", not "${env.KUMO_STORE}"`);
  }
  if (env.KUMO_DATABASE_URL) return { storage: { kind: 'postgres', database: { url: env.KUMO_DATABASE_URL } }, ...push };
  const dataDir = resolve(env.INIT_CWD ?? process.cwd(), env.KUMO_DATA_DIR ?? DEFAULT_DATA_DIR);
  return { storage: { kind: 'postgres', database: { embedded: true, dataDir } }, ...push };
}
