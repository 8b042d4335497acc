import { describeQueue } from '@kumo/conformance';
import { inject } from 'vitest';
import { CosmosStore, StorageQueue } from '../src/index';
import { testContainer } from '../testing/vitest';

describeQueue(
  'azure storage queue (Azurite, effects on cosmosdb-server)',
  async (settings) => StorageQueue.fromConnectionString(inject('storageConnectionString'), settings),
  async () => new CosmosStore(await testContainer()),
);
