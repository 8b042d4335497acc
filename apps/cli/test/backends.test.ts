import { describe, expect, it } from 'vitest';
import { DynamoStore } from '@kumo/adapter-aws';
import { CosmosStore } from '@kumo/adapter-azure';
import { DatastoreStore } from '@kumo/adapter-gcp';
import { MemoryStore } from '@kumo/adapter-memory';
import { PostgresStore } from '@kumo/adapter-postgres';
import { BadAddress, openBackend } from '../src/backends';

const env = { AZURE_COSMOS_KEY: 'a2V5', AWS_REGION: 'eu-west-1' };

describe('backend addresses', () => {
  it('opens each kind of store and labels it without secrets', async () => {
    const cases: Array<[string, unknown, string]> = [
      ['memory:', MemoryStore, 'memory:'],
      ['dynamodb://Kumo_Table', DynamoStore, 'dynamodb://Kumo_Table?region=eu-west-1'],
      ['dynamodb://t?region=us-east-1&endpoint=http://127.0.0.1:8000', DynamoStore, 'dynamodb://t?region=us-east-1&endpoint=http://127.0.0.1:8000'],
      ['datastore://my-project?namespace=prod', DatastoreStore, 'datastore://my-project?namespace=prod'],
      ['cosmos://myaccount/kumo/store', CosmosStore, 'cosmos://myaccount/kumo/store'],
      ['cosmos://127.0.0.1:8081/kumo/store?insecure=true', CosmosStore, 'cosmos://127.0.0.1:8081/kumo/store'],
      ['postgres://kumo@db.internal:5433/game?sslmode=require', PostgresStore, 'postgres://kumo@db.internal:5433/game?sslmode=require'],
      ['postgresql://127.0.0.1/game', PostgresStore, 'postgresql://127.0.0.1/game'],
      ['embedded:./kumo-data', PostgresStore, 'embedded:./kumo-data'],
    ];
    for (const [address, type, label] of cases) {
      const backend = openBackend(address, env);
      expect(backend.store, address).toBeInstanceOf(type);
      expect(backend.label).toBe(label);
      expect(backend.label).not.toContain(env.AZURE_COSMOS_KEY);
      await backend.close();
    }
    expect(openBackend('dynamodb://t', env).writeBatch).toBe(1);
  });

  it('refuses an address it cannot use, saying why', () => {
    const cases: Array<[string, Record<string, string>, RegExp]> = [
      ['nonsense', env, /not a backend address/],
      ['redis://x', env, /unknown backend "redis:"/],
      ['dynamodb://t', {}, /needs a region/],
      ['cosmos://acct/kumo/store', {}, /AZURE_COSMOS_KEY/],
      ['cosmos://acct/kumo', env, /needs \/<database>\/<container>/],
      ['postgres://kumo:secret@localhost/kumo', env, /no password: set PGPASSWORD/],
      ['postgres://localhost', env, /needs a database name/],
      ['embedded:', env, /needs the data folder/],
      ['datastore://', env, /needs a name/],
    ];
    for (const [address, environment, message] of cases) {
      expect(() => openBackend(address, environment), address).toThrow(BadAddress);
      expect(() => openBackend(address, environment), address).toThrow(message);
    }
  });
});
