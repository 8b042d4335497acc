import type { TestProject } from 'vitest/node';
import { emulatorProvider, provideSuiteContainers } from '@kumo/conformance/emulators';
import { startTestBroker } from '../testing';

declare module 'vitest' {
  export interface ProvidedContext {
    mqttUrl: string;
  }
}

/** Starts an in-process aedes broker on a free port for the suite (Mosquitto's image under `KUMO_EMULATORS=containers`). */
export default async function setup(project: TestProject) {
  if (emulatorProvider() === 'containers') return provideSuiteContainers(project, 'mqtt');
  const broker = await startTestBroker();
  project.provide('mqttUrl', broker.url);
  return () => broker.close();
}
