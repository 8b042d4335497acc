export { startCosmosServer, type CosmosServer } from './cosmos';
export { startAzureEmulators, type AzureEmulatorAddresses, type AzureEmulators } from './emulators';
export { emulatorAgent, emulatorAzureConfig, emulatorClient, EMULATOR_KEY, freshContainer } from './clients';
export { startWebPubSubStandIn, type WebPubSubStandIn } from './web-pubsub-stand-in';
export { startMonitorIngestionStandIn, type MonitorIngestionStandIn } from './monitor-ingestion-stand-in';
export { NotificationHubsStandIn, type HubDelivery } from './notification-hubs-stand-in';
