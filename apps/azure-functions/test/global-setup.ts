import { setupAzureEmulators } from '@kumo/adapter-azure/testing/vitest';

/** Starts cosmosdb-server, Azurite and the Web PubSub stand-in for the function app's tests. */
export default setupAzureEmulators;
