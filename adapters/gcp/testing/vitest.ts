import type { TestProject } from 'vitest/node';
import { emulatorProvider, provideSuiteContainers } from '@kumo/conformance/emulators';
import { startTestBroker } from '@kumo/adapter-mqtt/testing';
import { DATASTORE_INDEX_FILE, startEmulators } from './emulators';

declare module 'vitest' {
  export interface ProvidedContext {
    /** `host:port` of the Datastore emulator started for this run. */
    datastoreHost: string;
    /** `host:port` of the Pub/Sub emulator started for this run. */
    pubsubHost: string;
    /** `mqtt://host:port` of the in-process aedes broker started for this run. */
    mqttUrl: string;
  }
}

/**
 * vitest globalSetup of the GCP packages: starts the Datastore emulator (holding queries to the
 * adapter's index.yaml), the Pub/Sub emulator and an MQTT broker on free ports for the run,
 * provides their addresses, and stops them after (the official images under
 * `KUMO_EMULATORS=containers`). Throws (the run fails) if one does not start.
 */
export async function gcpGlobalSetup(project: TestProject): Promise<() => Promise<void>> {
  if (emulatorProvider() === 'containers') return provideSuiteContainers(project, 'gcp');
  const emulators = await startEmulators({ indexFile: DATASTORE_INDEX_FILE });
  const broker = await startTestBroker().catch(async (error: unknown) => {
    await emulators.stop();
    throw error;
  });
  project.provide('datastoreHost', emulators.datastoreHost);
  project.provide('pubsubHost', emulators.pubsubHost);
  project.provide('mqttUrl', broker.url);
  return async () => void (await Promise.all([emulators.stop(), broker.close()]));
}
