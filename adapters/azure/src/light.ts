/**
 * The part of the Azure adapter that imports no Azure SDK module at load (`@kumo/adapter-azure/light`):
 * the capabilities an entry declares at cold start and the Azure Monitor access-log sink (whose
 * client loads on first flush), while it imports the adapter set itself on first
 * use (`lazyPorts`). Importing the package root instead puts the Cosmos DB, Storage Queue, Web PubSub
 * and Notification Hubs clients in the code a cold start parses.
 */
export { capabilities, cosmosStoreCapabilities, storageQueueCapabilities } from './capabilities';
export { MonitorLogSink, type MonitorLogConfig } from './monitor-log-sink';
