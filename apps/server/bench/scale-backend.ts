import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createTable, DynamoStore, dynamoStoreCapabilities } from '@kumo/adapter-aws';
import { LOCAL_AWS, startDynamoDbLocal, type DynamoDbLocal } from '@kumo/adapter-aws/testing';
import { capabilities, createMemoryPorts, type MemoryPorts } from '@kumo/adapter-memory';
import { coreModule, createContainer, interceptStore, portsModule, type Clock, type Secrets, type Store } from '@kumo/core';

/** Where the scale benchmark keeps its documents: the embedded store, or DynamoDB Local. */
export type ScaleBackendName = 'memory' | 'aws';

/** Fresh ports and services on one backend, with a count of the store calls made. */
export interface ScaleBackend {
  /** The embedded queue, push and mobile push (the store is the backend's). */
  ports: MemoryPorts;
  store: Store;
  container: ReturnType<typeof createContainer>;
  /**
   * Store calls made so far, as the backend counts requests: on memory one per call of the port
   * (a `getMany` or `putMany` is one), on DynamoDB one per request the SDK sends (a `getMany` is a
   * BatchGetItem per 100 documents, plus one per round of unprocessed keys; a `putMany` a
   * BatchWriteItem per 25).
   */
  calls(): number;
}

const secrets: Secrets = { get: (name) => `bench-${name}-0123456789abcdef` };
export const benchClock: Clock = { now: () => Date.now() };

/** The store with every call of its methods counted (a session's reads and commit too). */
function countedCalls(store: Store): { store: Store; calls: () => number } {
  let calls = 0;
  const counted = interceptStore(store, (_call, proceed) => {
    calls++;
    return proceed();
  });
  return { store: counted, calls: () => calls };
}

/** Counts every request the DynamoDB client sends (once per send: the SDK's own retries of one request are not counted again). */
function countedRequests(client: DynamoDBClient): () => number {
  let requests = 0;
  client.middlewareStack.add(
    (next) => (args) => {
      requests++;
      return next(args);
    },
    { step: 'initialize', name: 'kumoBenchRequestCount' },
  );
  return () => requests;
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
  const requests = client && countedRequests(client);
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
      let calls: () => number;
      if (requests) {
        const base = requests();
        calls = () => requests() - base;
      } else ({ store, calls } = countedCalls(store));
      const container = createContainer(portsModule({ ...ports, store }, caps), coreModule({ secrets, clock: benchClock }));
      return { ports, store, container, calls };
    },
    async close() {
      client?.destroy();
      await dynamo?.stop();
    },
  };
}
