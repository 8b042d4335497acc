import { describeServices } from '@kumo/conformance';
import { coreModule, createContainer, PORTS, resolve, type Secrets } from '@kumo/core';
import { describe, expect, it } from 'vitest';
import { azureModule, capabilities, CosmosStore, StorageQueue, WebPubSubPush } from '../src/index';
import { testAzureConfig } from '../testing/vitest';

describe('azureModule', () => {
  it('binds Cosmos DB, Storage Queue and Web PubSub ports and declares their capabilities', async () => {
    const secrets: Secrets = { get: (name) => `module-test-${name}-0123456789` };
    const container = createContainer(azureModule(await testAzureConfig()), coreModule({ secrets }));
    expect(resolve(container, PORTS.Store)).toBeInstanceOf(CosmosStore);
    expect(resolve(container, PORTS.Queue)).toBeInstanceOf(StorageQueue);
    expect(resolve(container, PORTS.Push)).toBeInstanceOf(WebPubSubPush);
    expect(resolve(container, PORTS.Capabilities)).toEqual(capabilities);
    expect(capabilities.store.crossPartitionTransactions).toBe(false);
    expect(capabilities.queue.dedupeWindowSeconds).toBe(0);
  });
});

describeServices('azure (cosmosdb-server, Azurite, Web PubSub stand-in)', async () => azureModule(await testAzureConfig()));
