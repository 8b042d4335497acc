import { describeServices } from '@kumo/conformance';
import { coreModule, createContainer, PORTS, resolve, type Secrets } from '@kumo/core';
import { describe, expect, it } from 'vitest';
import { azureModule, capabilities, CosmosStore, StorageQueue, WebPubSubPush } from '../src/index';
import { emulatorAzureConfig } from '../src/testing/index';

describe('azureModule', () => {
  it('binds Cosmos DB, Storage Queue and Web PubSub ports and declares their capabilities', async () => {
    const secrets: Secrets = { get: (name) => `module-test-${name}-0123456789` };
    const container = createContainer(azureModule(await emulatorAzureConfig()), coreModule({ secrets }));
    expect(resolve(container, PORTS.Store)).toBeInstanceOf(CosmosStore);
    expect(resolve(container, PORTS.Queue)).toBeInstanceOf(StorageQueue);
    expect(resolve(container, PORTS.Push)).toBeInstanceOf(WebPubSubPush);
    expect(resolve(container, PORTS.Capabilities)).toEqual(capabilities);
    expect(capabilities.store.crossPartitionTransactions).toBe(false);
    expect(capabilities.queue.dedupeWindowSeconds).toBe(0);
  });
});

describeServices('azure (cosmosdb-server, Azurite, Web PubSub stand-in)', async () => azureModule(await emulatorAzureConfig()), {
  knownGaps: {
    // Open defect: after concurrent withdrawals on cosmosdb-server, a slot's paid-currency lots stop
    // adding up to its paid balance and every later unit of work refuses to proceed. Suspected
    // cause: cosmosdb-server does not run a transactional batch atomically (see
    // cosmos-store.test.ts), and the lot documents widen each batch; to be confirmed on the official
    // emulator. Memory, DynamoDB Local and the Datastore emulator pass this scenario.
    'keeps Σ receipts = balance under 40 concurrent deposits and withdrawals, crediting a repeated receipt once':
      'paid-currency lots disagree with the balance after concurrent withdrawals (open defect, see the comment)',
  },
});
