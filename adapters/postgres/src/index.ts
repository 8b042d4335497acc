export type { Database, Sql, SqlResult } from './database';
export { serverDatabase, type ServerDatabaseOptions } from './server-database';
export { embeddedDatabase } from './embedded-database';
export { PostgresStore, postgresStoreCapabilities, MAX_ADDRESS_BYTES, SWEEP_BATCH, type PostgresStoreOptions } from './store';
export { PostgresQueue, postgresQueueCapabilities } from './queue';
export { translateSqlError, sqlState } from './sql-errors';
export {
  capabilities,
  createPostgresPorts,
  createPostgresStorage,
  postgresModule,
  type DatabaseConfig,
  type Job,
  type PostgresConfig,
  type PostgresPorts,
  type PostgresStorage,
  type PostgresStorageOptions,
} from './module';
