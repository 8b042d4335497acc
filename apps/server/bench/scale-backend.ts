import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createTable, DynamoStore, dynamoStoreCapabilities } from '@kumo/adapter-aws';
import { LOCAL_AWS, startDynamoDbLocal, type DynamoDbLocal } from '@kumo/adapter-aws/testing';
import { capabilities, createMemoryPorts, type MemoryPorts } from '@kumo/adapter-memory';
import { coreModule, createContainer, portsModule, type Clock, type Secrets, type Store } from '@kumo/core';

/** Where the scale benchmark keeps its documents: the embedded store, or DynamoDB Local. */
export type ScaleBackendName = 'memory' | 'aws';

/** Fresh ports and services on one backend, with a count of the store calls made. */
export interface ScaleBackend {
  /** The embedded queue, push and mobile push (the store is the backend's). */
  ports: MemoryPorts;
  store: Store;
  container: ReturnType<typeof createContainer>;
  /** Store calls (get, query, commit, increment) made so far. */
  calls(): number;
}

const secrets: Secrets = { get: (name) => `bench-${name}-0123456789abcdef` };
export const benchClock: Clock = { now: () => Date.now() };

/** Counts every call of the store's methods. */
function counted(store: Store): { store: Store; calls: () => number } {
  let calls = 0;
  const target = store as unknown as Record<string, unknown>;
  for (const method of ['get', 'query', 'commit', 'increment'] as const) {
    const original = target[method] as ((...args: unknown[]) => Promise<unknown>) | undefined;
    if (!original) continue;
    target[method] = (...args: unknown[]) => {
      calls++;
      return original.apply(store, args);
    };
  }
  return { store, calls: () => calls };
}

/**
 * Makes backends of one kind: memory, or a table per backend on one DynamoDB Local started for
 * the run (queue and push stay embedded: the cases measure the store). `close` stops the emulator.
 */
export async function scaleBackends(name: ScaleBackendName): Promise<{ make(): Promise<ScaleBackend>; close(): Promise<void> }> {
  let dynamo: DynamoDbLocal | undefined;
  let client: DynamoDBClient | undefined;
  if (name === 'aws') {
    dynamo = await startDynamoDbLocal();
    client = new DynamoDBClient({ ...LOCAL_AWS, endpoint: dynamo.endpoint, maxAttempts: 6 });
  }
  let tables = 0;
  return {
    async make() {
      const ports = createMemoryPorts({ clock: benchClock });
      let store: Store = ports.store;
      let caps = capabilities;
      if (client) {
        const tableName = `scale-${tables++}`;
        await createTable(client, tableName);
        store = new DynamoStore({ client, tableName, clock: benchClock });
        caps = { ...capabilities, store: dynamoStoreCapabilities };
      }
      const { calls } = counted(store);
      const container = createContainer(portsModule({ ...ports, store }, caps), coreModule({ secrets, clock: benchClock }));
      return { ports, store, container, calls };
    },
    async close() {
      client?.destroy();
      await dynamo?.stop();
    },
  };
}
