import { capabilities, createGcpPorts } from '@kumo/adapter-gcp';
import { DATASTORE_INDEX_FILE, startEmulators } from '@kumo/adapter-gcp/testing';
import { startLinkedBroker } from './broker';
import type { AdapterStarter } from './started';

/** Pub/Sub's shortest ack deadline: a crashed consumer's message stays hidden at least this long. */
const PUBSUB_MIN_ACK_DEADLINE_SECONDS = 10;

/** Google Cloud on the Datastore and Pub/Sub emulators (holding queries to index.yaml) and an aedes broker. */
export const startGcp: AdapterStarter = async (queue) => {
  const [emulators, broker] = await Promise.all([startEmulators({ indexFile: DATASTORE_INDEX_FILE }), startLinkedBroker()]);
  const settings = { ...queue, visibilityTimeoutSeconds: Math.max(queue.visibilityTimeoutSeconds, PUBSUB_MIN_ACK_DEADLINE_SECONDS) };
  const ports = createGcpPorts({
    projectId: 'kumo-soak',
    datastore: { apiEndpoint: emulators.datastoreHost, namespace: 'soak' },
    pubsub: { apiEndpoint: emulators.pubsubHost, prefix: 'soak-', settings },
    mqtt: { url: broker.url },
  });
  return {
    adapter: { name: 'gcp', ports, capabilities, visibilityTimeoutSeconds: settings.visibilityTimeoutSeconds, disconnectPush: broker.disconnect },
    stop: async () => {
      await ports.close();
      await Promise.all([broker.close(), emulators.stop()]);
    },
  };
};
