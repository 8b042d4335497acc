import { randomBytes } from 'node:crypto';
import https from 'node:https';
import { CosmosClient, type Container } from '@azure/cosmos';
import type { AzureConfig } from '../src/module';
import type { AzureEmulatorAddresses } from './emulators';
import { COSMOS_PARTITION_KEY_PATH } from '../src/cosmos-store';

/**
 * The Cosmos DB emulator's published, well-known account key (not a secret: every official
 * emulator has it); cosmosdb-server accepts any key, so both providers use this one.
 */
export const EMULATOR_KEY = 'C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==';

/** Trusts the emulator's self-signed certificate for this client only (not process-wide). */
export const emulatorAgent = new https.Agent({ rejectUnauthorized: false, keepAlive: true });

/** A client of a running Cosmos DB emulator at `endpoint`. */
export function emulatorClient(endpoint: string): CosmosClient {
  return new CosmosClient({ endpoint, key: EMULATOR_KEY, agent: emulatorAgent });
}

/** A fresh container shaped as the store needs it (partition key `/pk`; TTL on with no default, so per-item `ttl` counts). */
export async function freshContainer(client: CosmosClient): Promise<Container> {
  const { database } = await client.databases.createIfNotExists({ id: 'kumo' });
  const { container } = await database.containers.createIfNotExists({
    id: `store-${randomBytes(4).toString('hex')}`,
    partitionKey: { paths: [COSMOS_PARTITION_KEY_PATH] },
    defaultTtl: -1,
  });
  return container;
}

/** Adapter configuration for running emulators (`startAzureEmulators()`'s addresses), with a fresh Cosmos DB container. */
export async function emulatorAzureConfig(emulators: AzureEmulatorAddresses): Promise<AzureConfig> {
  const container = await freshContainer(emulatorClient(emulators.cosmosEndpoint));
  return {
    cosmos: { endpoint: emulators.cosmosEndpoint, key: EMULATOR_KEY, agent: emulatorAgent, database: container.database.id, container: container.id },
    storage: { connectionString: emulators.storageConnectionString },
    webPubSub: { connectionString: emulators.webPubSubConnectionString, hub: 'kumo', options: { allowInsecureConnection: true } },
  };
}
