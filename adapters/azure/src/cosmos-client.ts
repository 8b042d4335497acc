import type { Agent } from 'node:http';
import { CosmosClient, type Container } from '@azure/cosmos';
import type { ConsumptionMeter } from '@kumo/core';
import { cosmosConsumptionPlugin } from './consumption';

/** Where the store's container lives and how to reach it. */
export interface CosmosConfig {
  /** Account endpoint, e.g. `https://<account>.documents.azure.com:443/`. */
  endpoint: string;
  /** Account key (read from configuration, never from code). */
  key: string;
  database: string;
  /** A container whose partition key path is `/pk` (see `COSMOS_PARTITION_KEY_PATH`). */
  container: string;
  /** HTTP agent, e.g. one that trusts an emulator's self-signed certificate in tests. */
  agent?: Agent;
  /** Retries of a throttled (429) request, each after the service's retry-after. Default 9. */
  throttleRetries?: number;
  /** Records the request units every call consumed (`cosmosConsumptionPlugin`), e.g. the telemetry's `consumption` (on the store spans). */
  meter?: ConsumptionMeter;
}

/**
 * The store's container through the official client. Throttling is retried by the SDK's own
 * policy, which waits the `x-ms-retry-after-ms` the service sends (no fixed interval is set),
 * at most `throttleRetries` times and 30 seconds in all; after that the store throws `Throttled`.
 */
export function cosmosContainer(config: CosmosConfig): Container {
  const client = new CosmosClient({
    endpoint: config.endpoint,
    key: config.key,
    agent: config.agent,
    connectionPolicy: { retryOptions: { maxRetryAttemptCount: config.throttleRetries ?? 9, maxWaitTimeInSeconds: 30 } },
    // `plugins` is a client option of the SDK that its type declarations mark @hidden.
    ...(config.meter ? ({ plugins: [cosmosConsumptionPlugin(config.meter)] } as object) : {}),
  });
  return client.database(config.database).container(config.container);
}
