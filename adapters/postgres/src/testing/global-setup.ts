import type { TestProject } from 'vitest/node';
import { startTestBroker } from '@kumo/adapter-mqtt/testing';
import { makeEmbeddedTemplate } from './embedded-template';
import { createTestDatabase, LOCAL_POSTGRES_URL } from './test-database';

declare module 'vitest' {
  export interface ProvidedContext {
    /** URL of the throwaway PostgreSQL database of this run; empty if no server answered (outside CI only). */
    postgresUrl: string;
    /** `mqtt://host:port` of the in-process aedes broker started for this run. */
    mqttUrl: string;
    /** A data folder of the embedded engine with the adapter's tables, for `copyEmbeddedTemplate`. */
    pgliteTemplate: string;
  }
}

/**
 * vitest globalSetup of the PostgreSQL packages: creates a throwaway database on the machine's
 * PostgreSQL server, starts an MQTT broker and makes an embedded data folder to copy for the run,
 * provides their addresses, and drops, stops and removes them after. Without a server the run fails under `CI=true`; elsewhere the server-backed
 * suites skip, saying so.
 */
export async function postgresGlobalSetup(project: TestProject): Promise<() => Promise<void>> {
  const database = await createTestDatabase().catch((error: Error) => {
    const reason = `no PostgreSQL server at ${LOCAL_POSTGRES_URL} (${error.message})`;
    if (process.env.CI === 'true') throw new Error(`${reason}; start it with .ci/run`);
    console.warn(`${reason}: the PostgreSQL server suites are skipped`);
    return undefined;
  });
  const [broker, template] = await Promise.all([startTestBroker(), makeEmbeddedTemplate()]);
  project.provide('postgresUrl', database?.url ?? '');
  project.provide('mqttUrl', broker.url);
  project.provide('pgliteTemplate', template.dataDir);
  return async () => void (await Promise.all([database?.drop(), broker.close(), template.remove()]));
}
