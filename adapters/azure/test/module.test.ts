import { describeServices } from '@kumo/conformance';
import { coreModule, createContainer, PORTS, resolve, type Secrets } from '@kumo/core';
import { describe, expect, it } from 'vitest';
import { azureModule, capabilities, CosmosStore, StorageQueue, WebPubSubPush } from '../src/index';
import { testAzureConfig } from '../testing/vitest';

describe('azureModule', () => {
  it('binds Cosmos DB, Storage Queue and Web PubSub ports and declares their capabilities', async () => {
    const secrets: Secrets = { get: (name) => `module-test-${name}-0123456789` };
    const config = await testAzureConfig();
    const bound = createContainer(azureModule(config));
    expect(resolve(bound, PORTS.Store)).toBeInstanceOf(CosmosStore);
    expect(resolve(bound, PORTS.Queue)).toBeInstanceOf(StorageQueue);
    expect(resolve(bound, PORTS.Push)).toBeInstanceOf(WebPubSubPush);
    // With core, the store is wrapped (hot-key tracking) and keeps the adapter's capabilities.
    const container = createContainer(azureModule(config), coreModule({ secrets }));
    expect(resolve(container, PORTS.Store).capabilities).toEqual(capabilities.store);
    expect(resolve(container, PORTS.Capabilities)).toEqual(capabilities);
    expect(capabilities.store.crossPartitionTransactions).toBe(false);
    expect(capabilities.queue.dedupeWindowSeconds).toBe(0);
  });
});

describeServices('azure (cosmosdb-server, Azurite, Web PubSub stand-in)', async () => azureModule(await testAzureConfig()));
