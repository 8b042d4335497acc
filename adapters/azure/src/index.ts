export { CosmosStore, cosmosStoreCapabilities, COSMOS_PARTITION_KEY_PATH } from './cosmos-store';
export { cosmosContainer, type CosmosConfig } from './cosmos-client';
export { cosmosId } from './cosmos-ids';
export { StorageQueue, storageQueueCapabilities } from './storage-queue';
export { azureQueueName, InvalidQueueName } from './queue-names';
export { WebPubSubPush, NotificationHubsNotConfigured } from './web-pubsub-push';
export { NotificationHubsMobilePush, userTag, type NotificationHubsConfig, type NotificationHubsMobilePushOptions } from './notification-hubs-push';
export { azureModule, capabilities, createAzurePorts, type AzureConfig, type AzurePorts } from './module';
export { MonitorLogSink, type MonitorLogConfig } from './monitor-log-sink';
