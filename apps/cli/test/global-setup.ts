import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal } from '@kumo/adapter-aws/testing';
import { startAzureEmulators } from '@kumo/adapter-azure/testing';
import { startEmulator } from '@kumo/adapter-gcp/testing';
import { createTestDatabase } from '@kumo/adapter-postgres/testing';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string;
    datastoreHost: string;
    cosmosEndpoint: string;
    /** A throwaway database on the machine's PostgreSQL server, for this run. */
    postgresUrl: string;
  }
}

/**
 * Starts DynamoDB Local, the Datastore emulator and cosmosdb-server (with Azurite) and makes a
 * database on the machine's PostgreSQL server for the CLI's tests; stops and drops them after.
 * Fails if one does not start.
 */
export default async function setup(project: TestProject) {
  const [dynamo, datastore, azure, postgres] = await Promise.allSettled([startDynamoDbLocal(), startEmulator('datastore'), startAzureEmulators(), createTestDatabase()]);
  const stop = () =>
    Promise.all([
      ...[dynamo, datastore, azure].map((each) => (each.status === 'fulfilled' ? each.value.stop() : undefined)),
      postgres.status === 'fulfilled' ? postgres.value.drop() : undefined,
    ]);
  if (dynamo.status === 'rejected' || datastore.status === 'rejected' || azure.status === 'rejected' || postgres.status === 'rejected') {
    await stop();
    throw [dynamo, datastore, azure, postgres].flatMap((each) => (each.status === 'rejected' ? [each.reason] : []))[0];
  }
  project.provide('postgresUrl', postgres.value.url);
  project.provide('dynamoEndpoint', dynamo.value.endpoint);
  project.provide('datastoreHost', datastore.value.host);
  project.provide('cosmosEndpoint', azure.value.cosmosEndpoint);
  return async () => void (await stop());
}
