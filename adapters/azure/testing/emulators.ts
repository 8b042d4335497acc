import { startAzuriteQueue } from './azurite';
import { startCosmosServer } from './cosmos';
import { startWebPubSubStandIn } from './web-pubsub-stand-in';

/** Addresses of the running Azure emulators. */
export interface AzureEmulatorAddresses {
  /** Endpoint of the Cosmos DB emulator (`@vercel/cosmosdb-server`, HTTPS, self-signed). */
  cosmosEndpoint: string;
  /** Connection string of Azurite's queue service. */
  storageConnectionString: string;
  /** Connection string of the hand-written Web PubSub stand-in. */
  webPubSubConnectionString: string;
}

/** The Azure emulators, started, and how to stop them all. */
export interface AzureEmulators extends AzureEmulatorAddresses {
  stop(): Promise<void>;
}

/**
 * Starts the Azure emulators (and the Web PubSub stand-in) on free ports, in plain Node. If one
 * does not come up, stops the others and throws.
 */
export async function startAzureEmulators(): Promise<AzureEmulators> {
  const [cosmos, azurite, webPubSub] = await Promise.allSettled([startCosmosServer(), startAzuriteQueue(), startWebPubSubStandIn()]);
  const stops = [
    cosmos.status === 'fulfilled' && cosmos.value.stop,
    azurite.status === 'fulfilled' && azurite.value.stop,
    webPubSub.status === 'fulfilled' && webPubSub.value.close,
  ].filter((stop) => stop !== false);
  const stop = async () => void (await Promise.all(stops.map((each) => each())));
  if (cosmos.status === 'rejected' || azurite.status === 'rejected' || webPubSub.status === 'rejected') {
    await stop();
    throw [cosmos, azurite, webPubSub].flatMap((result) => (result.status === 'rejected' ? [result.reason] : []))[0];
  }
  return {
    cosmosEndpoint: cosmos.value.endpoint,
    storageConnectionString: azurite.value.connectionString,
    webPubSubConnectionString: webPubSub.value.connectionString,
    stop,
  };
}
