export { CosmosStore, cosmosStoreCapabilities, COSMOS_PARTITION_KEY_PATH } from './cosmos-store';
export { cosmosContainer, type CosmosConfig } from './cosmos-client';
export { cosmosId } from './cosmos-ids';
