import type { WebPubSubServiceClientOptions } from '@azure/web-pubsub';
import type { ContainerModule } from 'inversify';
import { DEFAULT_QUEUE_SETTINGS, portsModule, type Clock, type MobilePush, type QueueSettings } from '@kumo/core';
import { cosmosContainer, type CosmosConfig } from './cosmos-client';
import { capabilities } from './capabilities';
import { CosmosStore } from './cosmos-store';
import { NotificationHubsMobilePush, type NotificationHubsConfig } from './notification-hubs-push';
import { StorageQueue } from './storage-queue';
import { NotificationHubsNotConfigured, WebPubSubPush } from './web-pubsub-push';

/** Where the Azure resources are. Keys and connection strings come from configuration, never from code. */
export interface AzureConfig {
  cosmos: CosmosConfig;
  /** Storage account (or Azurite) connection string for the job queues. */
  storage: { connectionString: string };
  /** Web PubSub resource and the hub game clients connect to. */
  webPubSub: { connectionString: string; hub: string; options?: WebPubSubServiceClientOptions };
  queue?: QueueSettings;
  /** Mobile push for offline users through Notification Hubs (`NotificationHubsMobilePush`); ignored when `mobilePush` is given. */
  notificationHubs?: NotificationHubsConfig;
  /** Mobile push for offline users; default: Notification Hubs when configured, else a logging no-op (`NotificationHubsNotConfigured`). */
  mobilePush?: MobilePush;
  /** Clock that judges document expiry (default: the system clock; tests move it). */
  clock?: Clock;
}

/** The Azure adapter's ports, created once so that apps can reach `WebPubSubPush.clientUrl`. */
export interface AzurePorts {
  store: CosmosStore;
  queue: StorageQueue;
  push: WebPubSubPush;
  mobilePush: MobilePush;
}

/** Creates the Azure adapter's ports from configuration. */
export function createAzurePorts(config: AzureConfig): AzurePorts {
  const store = new CosmosStore(cosmosContainer(config.cosmos), config.clock);
  const hubs = config.notificationHubs;
  return {
    store,
    queue: StorageQueue.fromConnectionString(config.storage.connectionString, config.queue ?? DEFAULT_QUEUE_SETTINGS),
    push: WebPubSubPush.fromConnectionString(config.webPubSub.connectionString, config.webPubSub.hub, config.webPubSub.options),
    mobilePush: config.mobilePush ?? (hubs ? new NotificationHubsMobilePush({ ...hubs, store }) : new NotificationHubsNotConfigured()),
  };
}

/** Binds every port to Azure: Cosmos DB store, Storage Queue, Web PubSub push, and the capabilities. */
export function azureModule(config: AzureConfig | AzurePorts): ContainerModule {
  const ports = 'store' in config ? config : createAzurePorts(config);
  return portsModule(ports, capabilities);
}
