export { DatastoreStore, datastoreStoreCapabilities, type DatastoreStoreOptions } from './store';
export { meterDatastore } from './consumption';
export { PubSubQueue, pubsubQueueCapabilities, type PubSubQueueOptions } from './queue';
export { PubSubNames, DELAYED_SUFFIX } from './pubsub-names';
export { FcmMobilePush, defaultFcmAccessToken, type FcmOptions, type DeviceTokenSource } from '@kumo/adapter-mobile-push';
export { BrokerPush } from './push';
export { capabilities, createGcpPorts, gcpModule, type FcmConfig, type GcpConfig, type GcpPorts } from './module';
export { CloudLoggingSink, type CloudLoggingConfig } from './cloud-logging-sink';
