import { describeQueue } from '@kumo/conformance';
import { inject } from 'vitest';
import { CosmosStore, StorageQueue } from '../src/index';
import { freshContainer } from '../src/testing/index';

describeQueue(
  'azure storage queue (Azurite, effects on cosmosdb-server)',
  async (settings) => StorageQueue.fromConnectionString(inject('storageConnectionString'), settings),
  async () => new CosmosStore(await freshContainer()),
);
