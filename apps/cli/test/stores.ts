import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createTable, DynamoStore } from '@kumo/adapter-aws';
import { LOCAL_AWS } from '@kumo/adapter-aws/testing';
import { CosmosStore } from '@kumo/adapter-azure';
import { emulatorClient, freshContainer } from '@kumo/adapter-azure/testing';
import { DatastoreStore } from '@kumo/adapter-gcp';
import { embeddedDatabase, PostgresStore, serverDatabase } from '@kumo/adapter-postgres';
import type { Store } from '@kumo/core';
import { PacedCalls } from '../src/paced-store';
import { listEveryPartition } from '../src/listing';
import { checksumOf, readPartition } from '../src/partition-copy';

/** A name unique to this run. */
export const fresh = (prefix: string) => `${prefix}-${randomBytes(4).toString('hex')}`;

/** A new, empty DynamoDB Local table as a store, and its address for the command line. */
export async function dynamoStore(): Promise<{ store: Store; address: string }> {
  const endpoint = inject('dynamoEndpoint');
  const tableName = fresh('kumo-cli');
  const client = new DynamoDBClient({ ...LOCAL_AWS, endpoint });
  await createTable(client, tableName);
  return { store: new DynamoStore({ client, tableName }), address: `dynamodb://${tableName}?region=us-east-1&endpoint=${endpoint}` };
}

/** A new, empty Datastore emulator namespace as a store, and its address. */
export function datastoreStore(): { store: Store; address: string } {
  const host = inject('datastoreHost');
  const namespace = fresh('cli');
  return { store: new DatastoreStore({ projectId: 'kumo-cli-test', apiEndpoint: host, namespace }), address: `datastore://kumo-cli-test?namespace=${namespace}&endpoint=${host}` };
}

/** A new, empty cosmosdb-server container as a store, and its address (key in AZURE_COSMOS_KEY). */
export async function cosmosStore(): Promise<{ store: Store; address: string }> {
  const container = await freshContainer(emulatorClient(inject('cosmosEndpoint')));
  const host = new URL(inject('cosmosEndpoint')).host;
  return { store: new CosmosStore(container), address: `cosmos://${host}/${container.database.id}/${container.id}?insecure=true` };
}

/**
 * The run's PostgreSQL database as a store (emptied first: one test at a time uses it), its
 * address, and `close`.
 */
export async function postgresStore(): Promise<{ store: Store; address: string; close: () => Promise<void> }> {
  const url = inject('postgresUrl');
  const database = serverDatabase({ url });
  await database.ready();
  await database.query('TRUNCATE kumo_documents');
  return { store: new PostgresStore(database), address: url, close: () => database.close() };
}

/** An embedded (PGlite) store in a new data folder, its address, and `close` (which leaves the folder for `rm`). */
export async function embeddedStore(dataDir: string): Promise<{ store: Store; address: string; close: () => Promise<void> }> {
  const database = embeddedDatabase(dataDir);
  await database.ready();
  return { store: new PostgresStore(database), address: `embedded:${dataDir}`, close: () => database.close() };
}

/** Every partition's checksum, by partition name, as `kumo` computes them. */
export async function checksums(store: Store): Promise<Record<string, string>> {
  const calls = new PacedCalls();
  const result: Record<string, string> = {};
  for (const partition of [...(await listEveryPartition(calls, store, 1))].sort()) {
    const sum = checksumOf(await readPartition(calls, store, partition));
    if (sum.documents > 0) result[partition] = `${sum.documents}:${sum.sum}`;
  }
  return result;
}

/** How many documents the checksums count. */
export const documentCount = (sums: Record<string, string>) => Object.values(sums).reduce((total, sum) => total + Number(sum.split(':')[0]), 0);
