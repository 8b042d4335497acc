import type { ContainerModule } from 'inversify';
import type { MqttPushOptions } from '@kumo/adapter-mqtt';
import { portsModule, storeDeviceTokens, Unsupported, type Clock, type ConsumptionMeter, type MobilePush, type QueueSettings, type Store } from '@kumo/core';
import { ApnsMobilePush, DeviceMobilePush, FcmMobilePush, registryTokens, type ApnsSettings, type DeviceTokenSource, type FcmOptions } from '@kumo/adapter-mobile-push';
import { BrokerPush } from './push';
import { capabilities } from './capabilities';
import { meterDatastore } from './consumption';
import { PubSubQueue } from './queue';
import { DatastoreStore } from './store';

/** Configuration of the Google Cloud adapter set. */
export interface GcpConfig {
  /** Google Cloud project of Datastore and Pub/Sub (and Firebase, unless `fcm.projectId` says otherwise). */
  projectId: string;
  datastore?: { apiEndpoint?: string; namespace?: string; databaseId?: string };
  pubsub?: { apiEndpoint?: string; prefix?: string; pullSubscriptions?: boolean; settings?: QueueSettings };
  /** The MQTT broker for live push. */
  mqtt: MqttPushOptions;
  /** Firebase Cloud Messaging for offline users (device tokens of platform `fcm`). */
  fcm?: FcmConfig;
  /**
   * APNs straight over HTTP/2 with a .p8 key, for device tokens of platform `apns` (raw APNs
   * tokens; apps that register FCM tokens on iOS need only `fcm`). Without `fcm` and `apns`,
   * mobile push throws `Unsupported`.
   */
  apns?: ApnsSettings;
  /** Clock that judges document expiry (default: the system clock; tests move it). */
  clock?: Clock;
  /** Records the entity operations every Datastore call bills (`meterDatastore`), e.g. the telemetry's `consumption` (on the store spans). */
  meter?: ConsumptionMeter;
}

/**
 * FCM settings of the adapter set. Without `deviceTokens`, tokens come from core's device
 * registry (the `devices` feature's documents, read with `storeDeviceTokens` on this adapter's
 * store), and tokens FCM reports stale are forgotten there (`onStaleToken` is then ignored).
 */
export type FcmConfig = Omit<FcmOptions, 'projectId' | 'deviceTokens'> & { projectId?: string; deviceTokens?: DeviceTokenSource };

/** The adapter set's ports, made once so that callers can close them. */
export interface GcpPorts {
  store: DatastoreStore;
  queue: PubSubQueue;
  push: BrokerPush;
  mobilePush: MobilePush;
  /** Closes the Pub/Sub, Datastore, broker and APNs connections. */
  close(): Promise<void>;
}

const unconfiguredMobilePush: MobilePush = {
  send: async () => {
    throw new Unsupported('mobile push is not configured: pass `fcm` to gcpModule');
  },
};

/** Creates the Google Cloud ports: Datastore store, Pub/Sub queue, MQTT push, FCM (and APNs) mobile push. */
export function createGcpPorts(config: GcpConfig): GcpPorts {
  const store = new DatastoreStore({ projectId: config.projectId, ...config.datastore, clock: config.clock });
  if (config.meter) meterDatastore(store.datastore, config.meter);
  const queue = new PubSubQueue({ projectId: config.projectId, ...config.pubsub });
  const push = new BrokerPush(config.mqtt);
  const senders = {
    ...(config.fcm ? { fcm: fcmMobilePush(config.projectId, config.fcm, store) } : {}),
    ...(config.apns ? { apns: new ApnsMobilePush({ ...config.apns, ...registryTokens(storeDeviceTokens(store, 'apns')) }) } : {}),
  };
  const mobilePush = senders.fcm || senders.apns ? new DeviceMobilePush(senders) : unconfiguredMobilePush;
  return {
    store,
    queue,
    push,
    mobilePush,
    close: async () => void (await Promise.all([queue.close(), store.close(), push.close(), senders.apns?.close()])),
  };
}

/** FCM mobile push, on the device registry in `store` unless the config names its own token source. */
function fcmMobilePush(projectId: string, { deviceTokens, onStaleToken, ...fcm }: FcmConfig, store: Store): FcmMobilePush {
  const tokens: Pick<FcmOptions, 'deviceTokens' | 'onStaleToken'> = deviceTokens ? { deviceTokens, onStaleToken } : registryTokens(storeDeviceTokens(store, 'fcm'));
  return new FcmMobilePush({ ...fcm, projectId: fcm.projectId ?? projectId, ...tokens });
}

/** Binds every port to Google Cloud (pass ports made by `createGcpPorts` to keep a handle on them). */
export function gcpModule(config: GcpConfig | GcpPorts): ContainerModule {
  const ports = 'store' in config ? config : createGcpPorts(config);
  return portsModule(ports, capabilities);
}
