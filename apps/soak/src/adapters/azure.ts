import { capabilities, createAzurePorts } from '@kumo/adapter-azure';
import { emulatorAzureConfig, startAzureEmulators } from '@kumo/adapter-azure/testing';
import type { AdapterStarter } from './started';

/** Azure on cosmosdb-server, Azurite (queues) and the Web PubSub stand-in, in a fresh container. */
export const startAzure: AdapterStarter = async (queue) => {
  const emulators = await startAzureEmulators();
  const ports = createAzurePorts({ ...(await emulatorAzureConfig(emulators)), queue });
  return {
    adapter: { name: 'azure', ports, capabilities, visibilityTimeoutSeconds: queue.visibilityTimeoutSeconds },
    stop: emulators.stop,
  };
};
