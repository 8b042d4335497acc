import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The machine's PostgreSQL server, as tests reach it (trust authentication); `KUMO_TEST_POSTGRES_URL` overrides it. */
export const LOCAL_POSTGRES_URL = process.env.KUMO_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** A database made for one test run. */
export interface TestDatabase {
  /** `postgres://…/kumo_test_<random>` */
  url: string;
  /** Drops the database (closing whatever connections are left). */
  drop(): Promise<void>;
}

/** Creates a throwaway database on the server at `serverUrl`; rejects if the server is unreachable. */
export async function createTestDatabase(serverUrl: string = LOCAL_POSTGRES_URL): Promise<TestDatabase> {
  const name = `kumo_test_${randomBytes(6).toString('hex')}`;
  await onServer(serverUrl, `CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => onServer(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

/** Runs one administrative statement on the server with a short-lived connection. */
async function onServer(serverUrl: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}
