import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { CommitUnknown, Conflict, type Store } from '@kumo/core';
import { describeStore, TcpLink, unique } from '@kumo/conformance';
import { MAX_ADDRESS_BYTES, PostgresStore, serverDatabase, type Database } from '../src/index';
import { engines } from './engines';

for (const engine of engines()) {
  describe.skipIf(engine.skip)(engine.name, () => {
    /** Conflicts by cause: a SQLSTATE (40001 serialization failure, 40P01 deadlock, 23505 duplicate create) or a stale version. */
    const causes: Record<string, number> = {};
    const counting = (store: Store): Store => ({
      capabilities: store.capabilities,
      get: (partition, key) => store.get(partition, key),
      getMany: (addresses) => store.getMany!(addresses),
      increment: (partition, key, field, amount) => store.increment!(partition, key, field, amount),
      query: (partition, options) => store.query(partition, options),
      sweepExpired: () => store.sweepExpired!(),
      listPartitions: (options) => store.listPartitions!(options),
      async commit(operations) {
        try {
          await store.commit(operations);
        } catch (error) {
          if (error instanceof Conflict) {
            const cause = String(error.details?.cause ?? 'staleVersion');
            causes[cause] = (causes[cause] ?? 0) + 1;
          }
          throw error;
        }
      },
    });

    // Its own database: the suite's clock runs ahead, and its sweeper must not touch other files' documents.
    describeStore(
      `postgres on ${engine.name}`,
      async (clock) => {
        const database = await engine.openOwn();
        return { store: counting(new PostgresStore(database, { clock })), close: () => database.close() };
      },
      (report) => console.log(`[postgres contention, ${engine.name}] writers=${report.writers} conflicts=${report.conflicts} final=${report.finalValue} causes=${JSON.stringify(causes)}`),
    );

    describe('PostgreSQL store specifics', () => {
      let database: Database;
      let store: PostgresStore;
      beforeAll(async () => {
        database = await engine.open();
        store = new PostgresStore(database);
      });
      afterAll(() => database.close());

      it('pages prefixes that end in the last code point before the surrogates and in the greatest one', async () => {
        const p = unique('edges');
        const keys = ['a\ud7ff', 'a\ud7ff1', 'a\ue000', 'b\u{10ffff}', 'b\u{10ffff}x', 'c'];
        await store.commit(keys.map((key, i) => ({ type: 'put' as const, partition: p, key, version: null, value: { i } })));
        expect((await store.query(p, { prefix: 'a\ud7ff' })).items.map((d) => d.key)).toEqual(['a\ud7ff', 'a\ud7ff1']);
        expect((await store.query(p, { prefix: 'b\u{10ffff}', reverse: true })).items.map((d) => d.key)).toEqual(['b\u{10ffff}x', 'b\u{10ffff}']);
      });

      it('keeps a value as JSON wrote it: NUL characters, deep nesting, large integers', async () => {
        const p = unique('json');
        const value = { text: 'a\u0000b', deep: { a: [{ b: [1, 2, { c: null }] }] }, big: Number.MAX_SAFE_INTEGER, neg: -0.5 };
        await store.commit([{ type: 'put', partition: p, key: 'k', version: null, value }]);
        expect((await store.get(p, 'k'))?.value).toEqual(value);
      });

      it('refuses a partition and key longer than its index allows with TooLarge, before any write', async () => {
        const p = unique('long');
        await expect(
          store.commit([
            { type: 'put', partition: p, key: 'ok', version: null, value: {} },
            { type: 'put', partition: p, key: 'k'.repeat(MAX_ADDRESS_BYTES), version: null, value: {} },
          ]),
        ).rejects.toMatchObject({ code: 'too_large' });
        expect(await store.get(p, 'ok')).toBeUndefined();
      });

      it('creates the same new document from many writers at once: exactly one wins, the rest conflict', async () => {
        const p = unique('race');
        const outcomes = await Promise.allSettled(
          Array.from({ length: 20 }, (_, i) => store.commit([{ type: 'put', partition: p, key: 'only', version: null, value: { i } }])),
        );
        expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
        expect(outcomes.filter((o) => o.status === 'rejected' && o.reason instanceof Conflict)).toHaveLength(19);
        expect(await store.get(p, 'only')).toMatchObject({ version: 1 });
      });

      it('refuses write skew: two batches that each check the other is absent cannot both commit', async () => {
        let bothLanded = 0;
        for (let round = 0; round < 10; round++) {
          const p = unique('skew');
          const outcomes = await Promise.allSettled([
            store.commit([
              { type: 'check', partition: p, key: 'b', version: null },
              { type: 'put', partition: p, key: 'a', version: null, value: {} },
            ]),
            store.commit([
              { type: 'check', partition: p, key: 'a', version: null },
              { type: 'put', partition: p, key: 'b', version: null, value: {} },
            ]),
          ]);
          for (const outcome of outcomes) if (outcome.status === 'rejected') expect(outcome.reason).toBeInstanceOf(Conflict);
          if (outcomes.every((o) => o.status === 'fulfilled')) bothLanded++;
        }
        expect(bothLanded).toBe(0);
      });

      it('keeps the commit trail and the expiry side by side, and drops the trail of a put without one', async () => {
        const p = unique('trail');
        const expiresAt = Date.now() + 3_600_000;
        await store.commit([{ type: 'put', partition: p, key: 'k', version: null, value: { n: 1 }, expiresAt, commits: ['c1'] }]);
        await store.commit([{ type: 'put', partition: p, key: 'k', version: 1, value: { n: 2 }, expiresAt, commits: ['c2', 'c1'] }]);
        expect(await store.get(p, 'k')).toEqual({ partition: p, key: 'k', version: 2, value: { n: 2 }, expiresAt, commits: ['c2', 'c1'] });
        await store.commit([{ type: 'put', partition: p, key: 'k', version: 2, value: { n: 3 } }]);
        expect(await store.get(p, 'k')).toEqual({ partition: p, key: 'k', version: 3, value: { n: 3 } });
      });
    });
  });
}

describe.skipIf(!inject('databaseUrl'))('PostgreSQL server: a connection lost at COMMIT', () => {
  it('throws CommitUnknown, and a later read sees whether it landed', async () => {
    const url = new URL(inject('databaseUrl'));
    const link = await TcpLink.open(url.hostname, Number(url.port || 5432));
    const database = serverDatabase({ url: link.proxied(url.toString()) });
    const store = new PostgresStore(database);
    const p = unique('lost-commit');
    try {
      await database.ready();
      const write = store.commitWith([{ type: 'put', partition: p, key: 'k', version: null, value: { n: 1 }, commits: ['c1'] }], async () => link.cut());
      await expect(write).rejects.toBeInstanceOf(CommitUnknown);
      link.restore();
      const doc = await store.get(p, 'k');
      expect(doc === undefined || doc.commits?.[0] === 'c1').toBe(true);
    } finally {
      await database.close().catch(() => undefined);
      await link.close();
    }
  });
});
