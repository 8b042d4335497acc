export { DatastoreStore, datastoreStoreCapabilities, type DatastoreStoreOptions } from './store';
export { PubSubQueue, pubsubQueueCapabilities, type PubSubQueueOptions } from './queue';
export { PubSubNames } from './pubsub-names';
