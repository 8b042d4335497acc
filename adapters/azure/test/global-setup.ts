import type { TestProject } from 'vitest/node';
import { startAzuriteQueue } from './emulators/azurite';
import { startCosmosServer } from './emulators/cosmos';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Endpoint of the Cosmos DB emulator (`@vercel/cosmosdb-server`, HTTPS, self-signed). */
    cosmosEndpoint: string;
    /** Connection string of Azurite's queue service. */
    storageConnectionString: string;
  }
}

/**
 * Starts the Azure emulators once for the test run, on free ports, and stops them after it.
 * If one does not come up, this throws and the run fails (it never skips).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const [cosmos, azurite] = await Promise.allSettled([startCosmosServer(), startAzuriteQueue()]);
  const running = [cosmos, azurite].flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const teardown = async () => void (await Promise.all(running.map((emulator) => emulator.stop())));
  if (cosmos.status === 'rejected' || azurite.status === 'rejected') {
    await teardown();
    throw [cosmos, azurite].flatMap((result) => (result.status === 'rejected' ? [result.reason] : []))[0];
  }
  project.provide('cosmosEndpoint', cosmos.value.endpoint);
  project.provide('storageConnectionString', azurite.value.connectionString);
  return teardown;
}
