import type { TestProject } from 'vitest/node';
import { emulatorProvider, provideSuiteContainers } from '@kumo/conformance/emulators';
import { startTestBroker } from '@kumo/adapter-mqtt/testing';
import { createTestDatabase, LOCAL_POSTGRES_URL, makeEmbeddedTemplate } from '../testing';

declare module 'vitest' {
  export interface ProvidedContext {
    /** URL of the PostgreSQL database of this run; empty if no server answered (outside CI only). */
    databaseUrl: string;
    /** `mqtt://host:port` of the MQTT broker of this run. */
    mqttUrl: string;
    /** A data folder of the embedded engine with the adapter's tables, for `copyEmbeddedTemplate`. */
    pgliteTemplate: string;
  }
}

/**
 * Makes an embedded data folder to copy, and provides the addresses of a PostgreSQL database and
 * an MQTT broker (see `startServers`); removes, drops and stops them after.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const template = await makeEmbeddedTemplate();
  project.provide('pgliteTemplate', template.dataDir);
  const stop = await startServers(project).catch(async (error: unknown) => {
    await template.remove();
    throw error;
  });
  return async () => void (await Promise.all([stop(), template.remove()]));
}

/**
 * Creates a throwaway database on the machine's PostgreSQL server and starts an aedes broker (or,
 * under `KUMO_EMULATORS=containers`, the official postgres and Mosquitto images). Without a server
 * the run fails under `CI=true`; elsewhere the server-backed suites skip, saying so.
 */
async function startServers(project: TestProject): Promise<() => Promise<void>> {
  if (emulatorProvider() === 'containers') return provideSuiteContainers(project, 'postgres');
  const database = await createTestDatabase().catch((error: Error) => {
    const reason = `no PostgreSQL server at ${LOCAL_POSTGRES_URL} (${error.message})`;
    if (process.env.CI === 'true') throw new Error(`${reason}; start it with .ci/run`);
    console.warn(`${reason}: the PostgreSQL server suites are skipped`);
    return undefined;
  });
  const broker = await startTestBroker();
  project.provide('databaseUrl', database?.url ?? '');
  project.provide('mqttUrl', broker.url);
  return async () => void (await Promise.all([database?.drop(), broker.close()]));
}
