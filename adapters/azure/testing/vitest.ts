import type { Container } from '@azure/cosmos';
import { inject } from 'vitest';
import type { TestProject } from 'vitest/node';
import { emulatorProvider, provideSuiteContainers } from '@kumo/conformance/emulators';
import type { AzureConfig } from '../src/module';
import { emulatorAzureConfig, emulatorClient, freshContainer } from './clients';
import { startAzureEmulators, type AzureEmulatorAddresses } from './emulators';
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
 * Starts the Azure emulators once for the test run and stops them after it. If one does not come
 * up, this throws and the run fails (it never skips). Call it from a package's vitest `globalSetup` file.
 */
export async function setupAzureEmulators(project: TestProject): Promise<() => Promise<void>> {
  if (emulatorProvider() === 'containers') return setupAzureContainers(project);
  const emulators = await startAzureEmulators();
  project.provide('cosmosEndpoint', emulators.cosmosEndpoint);
  project.provide('storageConnectionString', emulators.storageConnectionString);
  project.provide('webPubSubConnectionString', emulators.webPubSubConnectionString);
  return emulators.stop;
}

/**
 * Under `KUMO_EMULATORS=containers`: the official Cosmos DB emulator and Azurite images; Web PubSub
 * has no official emulator, so its stand-in runs in process as with the process provider.
 */
async function setupAzureContainers(project: TestProject): Promise<() => Promise<void>> {
  const stopContainers = await provideSuiteContainers(project, 'azure');
  const webPubSub = await startWebPubSubStandIn().catch(async (error: unknown) => {
    await stopContainers();
    throw error;
  });
  project.provide('webPubSubConnectionString', webPubSub.connectionString);
  return async () => void (await Promise.all([stopContainers(), webPubSub.close()]));
}

/** The addresses of the emulators this test run's globalSetup started. */
export function injectedAzureEmulators(): AzureEmulatorAddresses {
  return { cosmosEndpoint: inject('cosmosEndpoint'), storageConnectionString: inject('storageConnectionString'), webPubSubConnectionString: inject('webPubSubConnectionString') };
}

/** A fresh Cosmos DB container on this test run's emulator. */
export async function testContainer(): Promise<Container> {
  return freshContainer(emulatorClient(inject('cosmosEndpoint')));
}

/** Adapter configuration for this test run's emulators, with a fresh Cosmos DB container. */
export async function testAzureConfig(): Promise<AzureConfig> {
  return emulatorAzureConfig(injectedAzureEmulators());
}
