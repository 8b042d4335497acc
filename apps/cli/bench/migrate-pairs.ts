/**
 * Measures `kumo migrate` between each pair of the hop chain memory → AWS → GCP → Azure →
 * PostgreSQL → memory on the local emulators and the machine's PostgreSQL server, with a game world
 * seeded through the real services:
 *   npx tsx apps/cli/bench/migrate-pairs.ts [players] [chain]
 * (default 800 players ≈ 10,300 documents, about 12.9 a player; chain default
 * memory,aws,gcp,azure,postgres,memory; `embedded` names a PGlite data folder; the PostgreSQL
 * server is KUMO_TEST_POSTGRES_URL or postgres://postgres@127.0.0.1:5432, in a throwaway database)
 * Prints documents/s of the bulk copy, passes, and the time of the verifying pass, per pair. Each
 * target gets the settings `kumo` gives its address (DynamoDB: one write per document); the
 * Datastore emulator, which serialises transactions, gets 2 partitions at a time. A run that fails
 * (an emulator timing out under load) is started again, as an operator would: it resumes from its
 * checkpoint; the table counts the attempts and times the whole hop.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createTable } from '@kumo/adapter-aws';
import { LOCAL_AWS, startDynamoDbLocal } from '@kumo/adapter-aws/testing';
import { EMULATOR_KEY, emulatorClient, freshContainer, startAzureEmulators } from '@kumo/adapter-azure/testing';
import { startEmulator } from '@kumo/adapter-gcp/testing';
import { MemoryStore } from '@kumo/adapter-memory';
import { createTestDatabase } from '@kumo/adapter-postgres/testing';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Store } from '@kumo/core';
import { openBackend } from '../src/backends';
import { migrate } from '../src/migrate';
import { seedWorld, servicesOn } from '../test/world';

/** One backend of the migration chain, with the copy settings that suit it. */
interface BenchBackend {
  label: string;
  store: Store;
  writeBatch?: number;
  concurrency?: number;
}

const players = Number(process.argv[2] ?? 800);
const [dynamo, datastore, azure, database] = await Promise.all([startDynamoDbLocal(), startEmulator('datastore'), startAzureEmulators(), createTestDatabase()]);
const dataDir = await mkdtemp(join(tmpdir(), 'kumo-bench-embedded-'));
const stopAll = () => Promise.all([dynamo.stop(), datastore.stop(), azure.stop(), database.drop(), rm(dataDir, { recursive: true, force: true })]);
// Ctrl-C or a timeout stops the emulators and drops the database too.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void stopAll().finally(() => process.exit(130)));
try {
  Object.assign(process.env, { AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local', AZURE_COSMOS_KEY: EMULATOR_KEY });
  const dynamoClient = new DynamoDBClient({ ...LOCAL_AWS, endpoint: dynamo.endpoint });
  await createTable(dynamoClient, 'bench');
  const container = await freshContainer(emulatorClient(azure.cosmosEndpoint));
  const aws = openBackend(`dynamodb://bench?region=us-east-1&endpoint=${dynamo.endpoint}`);
  const gcp = openBackend(`datastore://kumo-bench?namespace=bench&endpoint=${datastore.host}`);
  const cosmos = openBackend(`cosmos://${new URL(azure.cosmosEndpoint).host}/${container.database.id}/${container.id}?insecure=true`);
  const postgres = openBackend(database.url);
  const embedded = openBackend(`embedded:${dataDir}`);
  const seeded = servicesOn();
  const seedStarted = Date.now();
  await seedWorld(seeded.container, players);
  console.log(`seeded ${seeded.store.size()} documents for ${players} players in ${Date.now() - seedStarted} ms`);
  const backends = {
    aws: { label: 'aws', store: aws.store, writeBatch: aws.writeBatch },
    gcp: { label: 'gcp', store: gcp.store, concurrency: 2 },
    azure: { label: 'azure', store: cosmos.store },
    postgres: { label: 'postgres', store: postgres.store },
    embedded: { label: 'embedded', store: embedded.store },
  } as Record<string, BenchBackend>;
  const names = (process.argv[3] ?? 'memory,aws,gcp,azure,postgres,memory').split(',');
  const chain = names.map((name, i): BenchBackend => (name === 'memory' ? { label: 'memory', store: i === 0 ? seeded.store : new MemoryStore() } : backends[name]!));
  console.log('| pair | documents | partitions | attempts | copy documents/s | hop ms | documents/s (hop) | passes | verify ms | verified |');
  console.log('|---|---|---|---|---|---|---|---|---|---|');
  for (let i = 0; i + 1 < chain.length; i++) {
    const [from, to] = [chain[i]!, chain[i + 1]!];
    const settings = { writeBatch: to.writeBatch, concurrency: to.concurrency, segments: to.concurrency === undefined ? 4 : 1 };
    const started = Date.now();
    for (let attempt = 1; ; attempt++) {
      try {
        const report = await migrate({ source: from.store, target: to.store, from: from.label, to: `${to.label}-${i}`, checkpointPath: `/tmp/kumo-bench-${i}.json`, ...settings });
        const ms = Date.now() - started;
        const documents = report.copy.documents;
        console.log(`| ${from.label} → ${to.label} | ${documents} | ${report.copy.partitions} | ${attempt} | ${report.copy.documentsPerSecond} | ${ms} | ${Math.round((documents * 1000) / ms)} | ${report.passes.length} | ${report.verifyMs} | ${report.verified} |`);
        break;
      } catch (error) {
        console.log(`  attempt ${attempt} of ${from.label} → ${to.label} failed (${(error as Error).message.slice(0, 120)}); running it again resumes`);
        if (attempt === 5) throw error;
      }
    }
  }
  await Promise.all([aws.close(), gcp.close(), cosmos.close(), postgres.close(), embedded.close()]);
  dynamoClient.destroy();
} finally {
  await stopAll();
}
