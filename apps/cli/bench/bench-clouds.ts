/**
 * Runs `kumo bench` on every backend at once on this machine: memory, DynamoDB Local with SQS
 * (fauxqs, an SQS-compatible server), the Datastore emulator with the Pub/Sub emulator,
 * cosmosdb-server with Azurite's Storage Queues, and the machine's PostgreSQL server (a throwaway
 * database; its queue in-process), started here and stopped after:
 *   npx tsx apps/cli/bench/bench-clouds.ts --workload gacha-event --ops 1000 [any other kumo bench option]
 * Prints the bench report; the emulators' latency is this machine's, their consumption counts are
 * the backends' own (DynamoDB Local's and the Datastore emulator's follow the cloud's billing rules,
 * except DynamoDB Local's for transactions of items over 1 KB;
 * cosmosdb-server answers every request with 1 RU).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createTable } from '@kumo/adapter-aws';
import { LOCAL_AWS, startDynamoDbLocal, startSqsServer } from '@kumo/adapter-aws/testing';
import { EMULATOR_KEY, emulatorClient, freshContainer, startAzureEmulators } from '@kumo/adapter-azure/testing';
import { startEmulator } from '@kumo/adapter-gcp/testing';
import { createTestDatabase } from '@kumo/adapter-postgres/testing';
import { program } from '../src/main';

const [dynamo, sqs, datastore, pubsub, azure, database] = await Promise.all([
  startDynamoDbLocal(),
  startSqsServer(),
  startEmulator('datastore'),
  startEmulator('pubsub'),
  startAzureEmulators(),
  createTestDatabase(),
]);
const stopAll = () => Promise.all([dynamo.stop(), sqs.stop(), datastore.stop(), pubsub.stop(), azure.stop(), database.drop()]);
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void stopAll().finally(() => process.exit(130)));
try {
  Object.assign(process.env, { AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local', AZURE_COSMOS_KEY: EMULATOR_KEY, AZURE_STORAGE_CONNECTION_STRING: azure.storageConnectionString });
  const dynamoClient = new DynamoDBClient({ ...LOCAL_AWS, endpoint: dynamo.endpoint });
  await createTable(dynamoClient, 'bench');
  dynamoClient.destroy();
  const container = await freshContainer(emulatorClient(azure.cosmosEndpoint));
  const backends = [
    'memory',
    `dynamodb://bench?region=us-east-1&endpoint=${dynamo.endpoint}&queue=sqs&queueEndpoint=${sqs.endpoint}`,
    `datastore://kumo-bench?namespace=bench&endpoint=${datastore.host}&queue=pubsub&queueEndpoint=${pubsub.host}`,
    `cosmos://${new URL(azure.cosmosEndpoint).host}/${container.database.id}/${container.id}?insecure=true&queue=storage`,
    database.url,
  ];
  await program().parseAsync(['node', 'kumo', 'bench', ...backends.flatMap((address) => ['--backend', address]), ...process.argv.slice(2)]);
} finally {
  await stopAll();
}
