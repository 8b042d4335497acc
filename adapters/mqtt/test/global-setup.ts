import type { TestProject } from 'vitest/node';
import { startTestBroker } from '../src/testing';

declare module 'vitest' {
  export interface ProvidedContext {
    mqttUrl: string;
  }
}

/** Starts an in-process aedes broker on a free port for the suite. */
export default async function setup(project: TestProject) {
  const broker = await startTestBroker();
  project.provide('mqttUrl', broker.url);
  return () => broker.close();
}
