export { DatastoreStore, type DatastoreStoreOptions } from './store';
export { meterDatastore } from './consumption';
export { PubSubQueue, type PubSubQueueOptions } from './queue';
export { capabilities, datastoreStoreCapabilities, pubsubQueueCapabilities } from './capabilities';
export { PubSubNames, DELAYED_SUFFIX } from './pubsub-names';
export { FcmMobilePush, defaultFcmAccessToken, type FcmOptions, type DeviceTokenSource } from '@kumo/adapter-mobile-push';
export { BrokerPush } from './push';
export { createGcpPorts, gcpModule, type FcmConfig, type GcpConfig, type GcpPorts } from './module';
export { CloudLoggingSink, type CloudLoggingConfig } from './cloud-logging-sink';
