import type { TestProject } from 'vitest/node';
import { startTestBroker } from '@kumo/adapter-mqtt/testing';
import { startEmulator } from '../src/emulators';

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

/** Starts the Datastore and Pub/Sub emulators and an MQTT broker on free ports for the run, and stops them after. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const [datastore, pubsub] = await Promise.allSettled([startEmulator('datastore'), startEmulator('pubsub')]);
  const started = [datastore, pubsub].flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const stopAll = async () => void (await Promise.all(started.map((emulator) => emulator.stop())));
  if (datastore.status === 'rejected' || pubsub.status === 'rejected') {
    await stopAll();
    throw [datastore, pubsub].flatMap((result) => (result.status === 'rejected' ? [result.reason] : []))[0];
  }
  project.provide('datastoreHost', datastore.value.host);
  project.provide('pubsubHost', pubsub.value.host);
  const broker = await startTestBroker().catch(async (error: unknown) => {
    await stopAll();
    throw error;
  });
  project.provide('mqttUrl', broker.url);
  return async () => void (await Promise.all([stopAll(), broker.close()]));
}
