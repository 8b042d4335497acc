import type { ContainerModule } from 'inversify';
import type { MqttPushOptions } from '@kumo/adapter-mqtt';
import { portsModule, Unsupported, type Capabilities, type MobilePush, type QueueSettings } from '@kumo/core';
import { FcmMobilePush, type FcmOptions } from './fcm';
import { BrokerPush } from './push';
import { PubSubQueue, pubsubQueueCapabilities } from './queue';
import { DatastoreStore, datastoreStoreCapabilities } from './store';

/** What the Google Cloud adapter set can do. */
export const capabilities: Capabilities = {
  store: datastoreStoreCapabilities,
  queue: pubsubQueueCapabilities,
  push: { presence: true },
};

/** Configuration of the Google Cloud adapter set. */
export interface GcpConfig {
  /** Google Cloud project of Datastore and Pub/Sub (and Firebase, unless `fcm.projectId` says otherwise). */
  projectId: string;
  datastore?: { apiEndpoint?: string; namespace?: string; databaseId?: string };
  pubsub?: { apiEndpoint?: string; prefix?: string; pullSubscriptions?: boolean; settings?: QueueSettings };
  /** The MQTT broker for live push. */
  mqtt: MqttPushOptions;
  /** Firebase Cloud Messaging for offline users; without it, mobile push throws `Unsupported`. */
  fcm?: Omit<FcmOptions, 'projectId'> & { projectId?: string };
}

/** The adapter set's ports, made once so that callers can close them. */
export interface GcpPorts {
  store: DatastoreStore;
  queue: PubSubQueue;
  push: BrokerPush;
  mobilePush: MobilePush;
  /** Closes the Pub/Sub, Datastore and broker connections. */
  close(): Promise<void>;
}

const unconfiguredMobilePush: MobilePush = {
  send: async () => {
    throw new Unsupported('mobile push is not configured: pass `fcm` to gcpModule');
  },
};

/** Creates the Google Cloud ports: Datastore store, Pub/Sub queue, MQTT push, FCM mobile push. */
export function createGcpPorts(config: GcpConfig): GcpPorts {
  const store = new DatastoreStore({ projectId: config.projectId, ...config.datastore });
  const queue = new PubSubQueue({ projectId: config.projectId, ...config.pubsub });
  const push = new BrokerPush(config.mqtt);
  const mobilePush = config.fcm ? new FcmMobilePush({ projectId: config.projectId, ...config.fcm }) : unconfiguredMobilePush;
  return {
    store,
    queue,
    push,
    mobilePush,
    close: async () => void (await Promise.all([queue.close(), store.close(), push.close()])),
  };
}

/** Binds every port to Google Cloud (pass ports made by `createGcpPorts` to keep a handle on them). */
export function gcpModule(config: GcpConfig | GcpPorts): ContainerModule {
  const ports = 'store' in config ? config : createGcpPorts(config);
  return portsModule(ports, capabilities);
}
