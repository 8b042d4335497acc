import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal } from '@kumo/adapter-aws/testing';
import { startAzureEmulators } from '@kumo/adapter-azure/testing';
import { startEmulator } from '@kumo/adapter-gcp/testing';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string;
    datastoreHost: string;
    cosmosEndpoint: string;
  }
}

/** Starts DynamoDB Local, the Datastore emulator and cosmosdb-server (with Azurite) for the CLI's tests; stops them after. Fails if one does not start. */
export default async function setup(project: TestProject) {
  const [dynamo, datastore, azure] = await Promise.allSettled([startDynamoDbLocal(), startEmulator('datastore'), startAzureEmulators()]);
  const stop = () => Promise.all([dynamo, datastore, azure].map((each) => (each.status === 'fulfilled' ? each.value.stop() : undefined)));
  if (dynamo.status === 'rejected' || datastore.status === 'rejected' || azure.status === 'rejected') {
    await stop();
    throw [dynamo, datastore, azure].flatMap((each) => (each.status === 'rejected' ? [each.reason] : []))[0];
  }
  project.provide('dynamoEndpoint', dynamo.value.endpoint);
  project.provide('datastoreHost', datastore.value.host);
  project.provide('cosmosEndpoint', azure.value.cosmosEndpoint);
  return async () => void (await stop());
}
