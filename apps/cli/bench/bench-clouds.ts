/**
 * Runs `kumo bench` on every backend at once on this machine: memory, DynamoDB Local, the Datastore
 * emulator, cosmosdb-server and the machine's PostgreSQL server (a throwaway database), started
 * here and stopped after:
 *   npx tsx apps/cli/bench/bench-clouds.ts --workload gacha-event --ops 1000 [any other kumo bench option]
 * Prints the bench report; the emulators' latency is this machine's, their consumption counts are
 * the backends' own (DynamoDB Local and the Datastore counts match the cloud's billing rules;
 * cosmosdb-server answers every request with 1 RU).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createTable } from '@kumo/adapter-aws';
import { LOCAL_AWS, startDynamoDbLocal } from '@kumo/adapter-aws/testing';
import { EMULATOR_KEY, emulatorClient, freshContainer, startAzureEmulators } from '@kumo/adapter-azure/testing';
import { startEmulator } from '@kumo/adapter-gcp/testing';
import { createTestDatabase } from '@kumo/adapter-postgres/testing';
import { program } from '../src/main';

const [dynamo, datastore, azure, database] = await Promise.all([startDynamoDbLocal(), startEmulator('datastore'), startAzureEmulators(), createTestDatabase()]);
const stopAll = () => Promise.all([dynamo.stop(), datastore.stop(), azure.stop(), database.drop()]);
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void stopAll().finally(() => process.exit(130)));
try {
  Object.assign(process.env, { AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local', AZURE_COSMOS_KEY: EMULATOR_KEY });
  const dynamoClient = new DynamoDBClient({ ...LOCAL_AWS, endpoint: dynamo.endpoint });
  await createTable(dynamoClient, 'bench');
  dynamoClient.destroy();
  const container = await freshContainer(emulatorClient(azure.cosmosEndpoint));
  const backends = [
    'memory',
    `dynamodb://bench?region=us-east-1&endpoint=${dynamo.endpoint}`,
    `datastore://kumo-bench?namespace=bench&endpoint=${datastore.host}`,
    `cosmos://${new URL(azure.cosmosEndpoint).host}/${container.database.id}/${container.id}?insecure=true`,
    database.url,
  ];
  await program().parseAsync(['node', 'kumo', 'bench', ...backends.flatMap((address) => ['--backend', address]), ...process.argv.slice(2)]);
} finally {
  await stopAll();
}
