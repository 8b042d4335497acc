import { capabilities, createAzurePorts } from '@kumo/adapter-azure';
import { emulatorAzureConfig, startAzureEmulators } from '@kumo/adapter-azure/testing';
import type { AdapterStarter } from './started';

/**
 * How long a received Storage Queue message stays hidden, at least. Azurite keeps every message of
 * the account in one unindexed list, so each receive and delete scans them all: with thousands of
 * fan-out jobs queued, a 2 s lease runs out before the ack arrives and the job is delivered again.
 */
const AZURITE_MIN_VISIBILITY_SECONDS = 10;
/**
 * The worker's longest pause between receives of an idle queue. Azure Functions' queue trigger
 * backs off to a minute; 2 s keeps the soak's delayed jobs prompt while the idle queues' polls
 * (each a scan of every message in Azurite) stop crowding out the busy one's.
 */
const AZURE_WORKER_IDLE_MS = 2_000;

/** Azure on cosmosdb-server, Azurite (queues) and the Web PubSub stand-in, in a fresh container. */
export const startAzure: AdapterStarter = async (queue) => {
  const emulators = await startAzureEmulators();
  const settings = { ...queue, visibilityTimeoutSeconds: Math.max(queue.visibilityTimeoutSeconds, AZURITE_MIN_VISIBILITY_SECONDS) };
  const ports = createAzurePorts({ ...(await emulatorAzureConfig(emulators)), queue: settings });
  return {
    adapter: { name: 'azure', ports, capabilities, visibilityTimeoutSeconds: settings.visibilityTimeoutSeconds, workerIdleMs: AZURE_WORKER_IDLE_MS },
    stop: emulators.stop,
  };
};
