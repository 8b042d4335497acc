import { describe, expect, it } from 'vitest';
import { unique } from '@kumo/conformance';
import { CosmosStore } from '../src/index';
import { cosmosId } from '../src/cosmos-ids';
import { TTL_MARGIN_SECONDS } from '../src/cosmos-ttl';
import { testContainer } from '../testing/vitest';

describe('Cosmos DB expiry mapping', () => {
  it('gap: cosmosdb-server ignores per-item ttl and never removes an item; Cosmos DB removes it after `ttl` seconds when the container has defaultTtl -1, which this checks is set up', async () => {
    const container = await testContainer();
    const { resource: definition } = await container.read();
    expect(definition?.defaultTtl).toBe(-1);
    const store = new CosmosStore(container);
    const p = unique('ttl');
    const expiresAt = Date.now() + 3_600_000;
    await store.commit([{ type: 'put', partition: p, key: 'k', version: null, value: {}, expiresAt }]);
    const { resource } = await container.item(cosmosId('k'), p).read<{ exp: number; ttl: number }>();
    expect(resource?.exp).toBe(expiresAt);
    expect(resource?.ttl).toBeGreaterThanOrEqual(3_600 + TTL_MARGIN_SECONDS - 5);
    expect(resource?.ttl).toBeLessThanOrEqual(3_600 + TTL_MARGIN_SECONDS + 1);
  });
});
