import type { TestProject } from 'vitest/node';
import { startAzuriteQueue } from './azurite';
import { startCosmosServer } from './cosmos';
import { startWebPubSubStandIn } from './web-pubsub-stand-in';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Endpoint of the Cosmos DB emulator (`@vercel/cosmosdb-server`, HTTPS, self-signed). */
    cosmosEndpoint: string;
    /** Connection string of Azurite's queue service. */
    storageConnectionString: string;
    /** Connection string of the hand-written Web PubSub stand-in. */
    webPubSubConnectionString: string;
  }
}

/**
 * Starts the Azure emulators (and the Web PubSub stand-in) once for the test run, on free ports,
 * and stops them after it. If one does not come up, this throws and the run fails (it never skips).
 * Call it from a package's vitest `globalSetup` file.
 */
export async function setupAzureEmulators(project: TestProject): Promise<() => Promise<void>> {
  const [cosmos, azurite, webPubSub] = await Promise.allSettled([startCosmosServer(), startAzuriteQueue(), startWebPubSubStandIn()]);
  const stops = [
    cosmos.status === 'fulfilled' && cosmos.value.stop,
    azurite.status === 'fulfilled' && azurite.value.stop,
    webPubSub.status === 'fulfilled' && webPubSub.value.close,
  ].filter((stop) => stop !== false);
  const teardown = async () => void (await Promise.all(stops.map((stop) => stop())));
  if (cosmos.status === 'rejected' || azurite.status === 'rejected' || webPubSub.status === 'rejected') {
    await teardown();
    throw [cosmos, azurite, webPubSub].flatMap((result) => (result.status === 'rejected' ? [result.reason] : []))[0];
  }
  project.provide('cosmosEndpoint', cosmos.value.endpoint);
  project.provide('storageConnectionString', azurite.value.connectionString);
  project.provide('webPubSubConnectionString', webPubSub.value.connectionString);
  return teardown;
}
