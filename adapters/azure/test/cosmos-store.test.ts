import { Conflict, InvalidCursor, Throttled, transact } from '@kumo/core';
import { unique } from '@kumo/conformance';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { cosmosContainer, cosmosId, CosmosStore } from '../src/index';
import { EMULATOR_KEY, emulatorAgent } from '../testing';
import { testContainer } from '../testing/vitest';
import { isBatch, startCosmosProxy, type CosmosProxy } from './cosmos-proxy';

describe('Cosmos DB store on cosmosdb-server: Azure specifics', () => {
  let store: CosmosStore;
  let other: CosmosStore;
  let containerId: string;
  beforeAll(async () => {
    const container = await testContainer();
    containerId = container.id;
    store = new CosmosStore(container);
    other = new CosmosStore(container);
  });

  it('escapes the characters Cosmos ids forbid, reversibly, so keys never collide', async () => {
    expect(cosmosId('a/b\\c?d#e~f')).toBe('a~2fb~5cc~3fd~23e~7ef');
    const p = unique('ids');
    const keys = ['a/b', 'a~2fb', 'a~b', 'q?x', 'h#1', 'back\\slash'];
    await store.commit(keys.map((key, i) => ({ type: 'put' as const, partition: p, key, version: null, value: { i } })));
    expect((await store.query(p)).items.map((doc) => [doc.key, doc.value])).toEqual(
      keys.map((key, i) => [key, { i }]).sort(([a], [b]) => (String(a) < String(b) ? -1 : 1)),
    );
  });

  it('checks that a document is absent inside the batch: Conflict once it exists', async () => {
    const p = unique('absent');
    await store.commit([{ type: 'check', partition: p, key: 'receipt', version: null }, { type: 'put', partition: p, key: 'a', version: null, value: { v: 1 } }]);
    expect(await store.get(p, 'receipt')).toBeUndefined();
    await store.commit([{ type: 'put', partition: p, key: 'receipt', version: null, value: {} }]);
    await expect(store.commit([{ type: 'check', partition: p, key: 'receipt', version: null }, { type: 'put', partition: p, key: 'b', version: null, value: {} }])).rejects.toBeInstanceOf(Conflict);
    expect(await store.get(p, 'b')).toBeUndefined();
  });

  it('keeps nothing a caller holds: changing what it read changes nothing a later check of the document writes', async () => {
    const p = unique('copies');
    await store.commit([{ type: 'put', partition: p, key: 'lot', version: null, value: { remaining: 100 } }]);
    const read = await store.get<{ remaining: number }>(p, 'lot');
    read!.value.remaining -= 11;
    (await store.query<{ remaining: number }>(p)).items[0]!.value.remaining -= 11;
    await store.commit([{ type: 'check', partition: p, key: 'lot', version: 1 }, { type: 'put', partition: p, key: 'receipt', version: null, value: {} }]);
    expect(await store.get(p, 'lot')).toMatchObject({ version: 1, value: { remaining: 100 } });
  });

  it('checks presence only with a read: a document changed since passes, a deleted one fails the batch', async () => {
    const p = unique('presence');
    await store.commit([{ type: 'put', partition: p, key: 'account', version: null, value: {} }]);
    await other.commit([{ type: 'put', partition: p, key: 'account', version: 1, value: { renamed: true } }]);
    await store.commit([{ type: 'check', partition: p, key: 'account', version: 1, presence: true }, { type: 'put', partition: p, key: 'a', version: null, value: {} }]);
    expect(await store.get(p, 'a')).toMatchObject({ version: 1 });
    await other.commit([{ type: 'delete', partition: p, key: 'account', version: 2 }]);
    await expect(store.commit([{ type: 'check', partition: p, key: 'account', version: 1, presence: true }, { type: 'put', partition: p, key: 'b', version: null, value: {} }])).rejects.toBeInstanceOf(Conflict);
    expect(await store.get(p, 'b')).toBeUndefined();
  });

  it('refuses a cursor it did not produce with InvalidCursor', async () => {
    await expect(store.query(unique('cursor'), { cursor: 'not-a-cursor' })).rejects.toBeInstanceOf(InvalidCursor);
  });

  describe('behind a proxy that throttles like Cosmos DB or slips a write in before the batch', () => {
    let proxy: CosmosProxy;
    const proxiedStore = (throttleRetries?: number) =>
      new CosmosStore(cosmosContainer({ endpoint: proxy.endpoint, key: EMULATOR_KEY, agent: emulatorAgent, database: 'kumo', container: containerId, throttleRetries }));

    beforeAll(async () => {
      proxy = await startCosmosProxy(inject('cosmosEndpoint'), 200);
    });
    afterAll(async () => proxy.close());

    it('applies a consume once when the batch is applied but its response is lost (CommitUnknown, resolved by transact)', async () => {
      const p = unique('lost');
      await store.commit([{ type: 'put', partition: p, key: 'stock', version: null, value: { n: 5 } }]);
      const proxied = proxiedStore();
      proxy.loseNextResponse(isBatch);
      await transact(proxied, async (tx) => {
        const stock = (await tx.get<{ n: number }>(p, 'stock'))!.value.n;
        tx.put(p, 'stock', { n: stock - 1 });
        tx.put(p, 'bag', { n: 1 });
      });
      expect(await store.get(p, 'stock')).toMatchObject({ version: 2, value: { n: 4 } });
      expect(await store.get(p, 'bag')).toMatchObject({ version: 1, value: { n: 1 } });
    });

    it('fails with Conflict when the document changes between the read and the batch (IfMatch, 412), writing nothing', async () => {
      const p = unique('race-etag');
      await store.commit([{ type: 'put', partition: p, key: 'k', version: null, value: { by: 'first' } }]);
      proxy.beforeNext(isBatch, () => store.commit([{ type: 'put', partition: p, key: 'k', version: 1, value: { by: 'racer' } }]));
      await expect(
        proxiedStore().commit([
          { type: 'put', partition: p, key: 'k', version: 1, value: { by: 'loser' } },
          { type: 'put', partition: p, key: 'new', version: null, value: {} },
        ]),
      ).rejects.toBeInstanceOf(Conflict);
      expect(await store.get(p, 'k')).toMatchObject({ version: 2, value: { by: 'racer' } });
      expect(await store.get(p, 'new')).toBeUndefined();
    });

    it('fails with Conflict when a document checked absent is created between the read and the batch (409)', async () => {
      const p = unique('race-absent');
      proxy.beforeNext(isBatch, () => store.commit([{ type: 'put', partition: p, key: 'receipt', version: null, value: {} }]));
      await expect(
        proxiedStore().commit([
          { type: 'check', partition: p, key: 'receipt', version: null },
          { type: 'put', partition: p, key: 'grant', version: null, value: {} },
        ]),
      ).rejects.toBeInstanceOf(Conflict);
      expect(await store.get(p, 'grant')).toBeUndefined();
    });

    it('runs a transactional batch atomically, as Cosmos DB does (cosmosdb-server made so by the test harness): a create that loses a race undoes the batch\'s earlier replace', async () => {
      const p = unique('race-atomic');
      await store.commit([{ type: 'put', partition: p, key: 'balance', version: null, value: { n: 1 } }]);
      proxy.beforeNext(isBatch, () => store.commit([{ type: 'put', partition: p, key: 'receipt', version: null, value: {} }]));
      await expect(
        proxiedStore().commit([
          { type: 'put', partition: p, key: 'balance', version: 1, value: { n: 2 } },
          { type: 'put', partition: p, key: 'receipt', version: null, value: {} },
        ]),
      ).rejects.toBeInstanceOf(Conflict);
      expect(await store.get(p, 'balance')).toMatchObject({ version: 1, value: { n: 1 } });
    });

    it('waits the retry-after the service sends, then commits', async () => {
      const throttled = proxiedStore(3);
      const p = unique('throttle-ok');
      await throttled.get(p, 'warm-up');
      proxy.throttleNext(2, isBatch);
      const started = Date.now();
      await throttled.commit([{ type: 'put', partition: p, key: 'k', version: null, value: { v: 1 } }]);
      expect(Date.now() - started).toBeGreaterThanOrEqual(2 * 200 - 20);
      expect(proxy.throttled).toBeGreaterThanOrEqual(2);
      expect(await store.get(p, 'k')).toMatchObject({ version: 1 });
    });

    it('throws Throttled when throttling outlasts the retries, for reads and for commits, writing nothing', async () => {
      const throttled = proxiedStore(2);
      const p = unique('throttle-no');
      proxy.throttleNext(Infinity, (req) => req.method === 'GET');
      await expect(throttled.get(p, 'k')).rejects.toBeInstanceOf(Throttled);
      proxy.throttleNext(Infinity, isBatch);
      await expect(throttled.commit([{ type: 'put', partition: p, key: 'k', version: null, value: {} }])).rejects.toBeInstanceOf(Throttled);
      proxy.throttleNext(0, () => false);
      expect(await store.get(p, 'k')).toBeUndefined();
    });
  });
});
