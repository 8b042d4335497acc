/**
 * What each adapter suite receives under `KUMO_EMULATORS=containers`: the official image of every
 * backend it talks to, the port the image serves, and the vitest `provide` key its address fills.
 * The same keys the process emulators fill, so no suite changes between providers.
 */
export interface ContainerService {
  /** The backend, as the suites name it. */
  service: 'dynamodb' | 'sqs' | 'datastore' | 'pubsub' | 'cosmos' | 'azure-queues' | 'mqtt' | 'postgres';
  /** The official image, pinned to a tag. */
  image: string;
  /**
   * The container port the service answers on; `same-as-host` where the service advertises its own
   * address to clients (the Cosmos DB emulator), so the host port must equal the container port.
   */
  port: number | 'same-as-host';
  /** The vitest `provide` keys this service's address fills. */
  provides: readonly string[];
}

/** The adapter suites that can run on containers. */
export type ContainerSuite = 'aws' | 'gcp' | 'azure' | 'mqtt' | 'postgres';

const DYNAMODB: ContainerService = { service: 'dynamodb', image: 'amazon/dynamodb-local:2.6.1', port: 8000, provides: ['dynamoEndpoint'] };
const SQS: ContainerService = { service: 'sqs', image: 'localstack/localstack:4.9', port: 4566, provides: ['sqsEndpoint'] };
const MQTT: ContainerService = { service: 'mqtt', image: 'eclipse-mosquitto:2.0.22', port: 1883, provides: ['mqttUrl'] };
const GCLOUD_EMULATORS = 'gcr.io/google.com/cloudsdktool/google-cloud-cli:546.0.0-emulators';

/** Every suite's services, in start order. */
export const CONTAINER_PLAN: Readonly<Record<ContainerSuite, readonly ContainerService[]>> = {
  aws: [DYNAMODB, SQS, MQTT],
  gcp: [
    { service: 'datastore', image: GCLOUD_EMULATORS, port: 8080, provides: ['datastoreHost'] },
    { service: 'pubsub', image: GCLOUD_EMULATORS, port: 8085, provides: ['pubsubHost'] },
    MQTT,
  ],
  azure: [
    { service: 'cosmos', image: 'mcr.microsoft.com/cosmosdb/linux/azure-cosmos-emulator:vnext-latest', port: 'same-as-host', provides: ['cosmosEndpoint'] },
    { service: 'azure-queues', image: 'mcr.microsoft.com/azure-storage/azurite:3.35.0', port: 10001, provides: ['storageConnectionString'] },
  ],
  mqtt: [MQTT],
  postgres: [{ service: 'postgres', image: 'postgres:17-alpine', port: 5432, provides: ['databaseUrl'] }, MQTT],
};
