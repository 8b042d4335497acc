export { DynamoStore, dynamoStoreCapabilities, type DynamoStoreOptions } from './store';
export { createTable, tableDefinition } from './table';
