export { DatastoreStore, datastoreStoreCapabilities, type DatastoreStoreOptions } from './store';
