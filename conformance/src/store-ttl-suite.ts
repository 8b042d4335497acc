import { describe, expect, it } from 'vitest';
import { Conflict, transact, Unsupported, type Store } from '@kumo/core';
import type { OffsetClock } from './services/context';
import { unique } from './unique';

const HOUR = 3_600_000;

/**
 * The Store contract's expiry (TTL) cases, run by `describeStore` for a store that declares
 * `capabilities.ttl`; one that does not must refuse an expiry with `Unsupported`. `store` is
 * ready once `describeStore`'s beforeAll ran; `clock` is the one it made the store with.
 */
export function describeStoreTtl(store: () => Store, clock: OffsetClock): void {
  describe('TTL (capabilities.ttl)', () => {
    const put = (partition: string, key: string, version: number | null, value: object, expiresAt?: number) =>
      store().commit([{ type: 'put', partition, key, version, value: { ...value }, ...(expiresAt === undefined ? {} : { expiresAt }) }]);

    it('refuses an expiry with Unsupported when ttl is not declared, writing nothing', async (ctx) => {
      if (store().capabilities.ttl) ctx.skip();
      const p = unique('ttl-undeclared');
      await expect(put(p, 'a', null, { v: 1 }, clock.now() + HOUR)).rejects.toBeInstanceOf(Unsupported);
      expect(await store().get(p, 'a')).toBeUndefined();
    });

    it('hides a document from get and query from its expiry on, and keeps one that has not expired', async (ctx) => {
      if (!store().capabilities.ttl) ctx.skip();
      const p = unique('ttl-hide');
      const soon = clock.now() + HOUR;
      const later = clock.now() + 2 * HOUR;
      await store().commit([
        { type: 'put', partition: p, key: 'a', version: null, value: { n: 1 }, expiresAt: soon },
        { type: 'put', partition: p, key: 'b', version: null, value: { n: 2 }, expiresAt: later },
        { type: 'put', partition: p, key: 'c', version: null, value: { n: 3 } },
      ]);
      expect(await store().get(p, 'a')).toEqual({ partition: p, key: 'a', version: 1, value: { n: 1 }, expiresAt: soon });
      expect((await store().query(p)).items.map((doc) => [doc.key, doc.expiresAt])).toEqual([['a', soon], ['b', later], ['c', undefined]]);
      clock.advance(HOUR);
      expect(await store().get(p, 'a')).toBeUndefined();
      expect(await store().get(p, 'b')).toMatchObject({ version: 1, value: { n: 2 } });
      expect((await store().query(p)).items.map((doc) => doc.key)).toEqual(['b', 'c']);
      expect((await store().query(p, { reverse: true })).items.map((doc) => doc.key)).toEqual(['c', 'b']);
      clock.advance(HOUR);
      expect(await store().get(p, 'b')).toBeUndefined();
      expect((await store().query(p)).items.map((doc) => doc.key)).toEqual(['c']);
    });

    it('treats an expired document as absent in conditions: a create over it is version 1, its old version fails', async (ctx) => {
      if (!store().capabilities.ttl) ctx.skip();
      const p = unique('ttl-cond');
      const expiresAt = clock.now() + HOUR;
      await put(p, 'k', null, { v: 1 }, expiresAt);
      await put(p, 'k', 1, { v: 2 }, expiresAt);
      await put(p, 'gone', null, { v: 1 }, expiresAt);
      clock.advance(HOUR);
      await expect(put(p, 'k', 2, { v: 9 })).rejects.toBeInstanceOf(Conflict);
      await expect(store().commit([{ type: 'delete', partition: p, key: 'k', version: 2 }])).rejects.toBeInstanceOf(Conflict);
      await expect(store().commit([{ type: 'check', partition: p, key: 'k', version: 2 }])).rejects.toBeInstanceOf(Conflict);
      await store().commit([{ type: 'check', partition: p, key: 'k', version: null }]);
      await put(p, 'k', null, { v: 3 });
      expect(await store().get(p, 'k')).toEqual({ partition: p, key: 'k', version: 1, value: { v: 3 } });
      await store().commit([
        { type: 'check', partition: p, key: 'gone', version: null },
        { type: 'put', partition: p, key: 'new', version: null, value: { v: 1 } },
      ]);
      expect(await store().get(p, 'gone')).toBeUndefined();
    });

    it('re-creates an expired document through transact, in one batch with other writes', async (ctx) => {
      if (!store().capabilities.ttl) ctx.skip();
      const p = unique('ttl-tx');
      await store().commit([
        { type: 'put', partition: p, key: 'marker', version: null, value: { job: 1 }, expiresAt: clock.now() + HOUR },
        { type: 'put', partition: p, key: 'other', version: null, value: { job: 1 }, expiresAt: clock.now() + HOUR },
      ]);
      clock.advance(HOUR);
      const expiresAt = clock.now() + HOUR;
      const created = await transact(store(), async (tx) => {
        if (await tx.get(p, 'marker')) return false;
        tx.put(p, 'marker', { job: 2 }, { expiresAt });
        tx.put(p, 'effect', { n: 1 });
        tx.delete(p, 'other');
        return (await tx.get(p, 'marker'))?.expiresAt === expiresAt;
      });
      expect(created).toBe(true);
      expect(await store().get(p, 'marker')).toEqual({ partition: p, key: 'marker', version: 1, value: { job: 2 }, expiresAt, commits: [expect.any(String)] });
      expect(await store().get(p, 'effect')).toMatchObject({ version: 1 });
      expect(await store().get(p, 'other')).toBeUndefined();
    });

    it('keeps a document\'s commit trail beside its expiry: checks keep both, a put over it once expired starts a new trail', async (ctx) => {
      if (!store().capabilities.ttl) ctx.skip();
      const p = unique('ttl-trail');
      const expiresAt = clock.now() + HOUR;
      await transact(store(), async (tx) => tx.put(p, 'marker', { job: 1 }, { expiresAt }));
      await transact(store(), async (tx) => tx.put(p, 'marker', { job: 2 }, { expiresAt }));
      const written = await store().get(p, 'marker');
      expect(written).toMatchObject({ version: 2, expiresAt, commits: [expect.any(String), expect.any(String)] });
      await transact(store(), async (tx) => {
        if ((await tx.get(p, 'marker'))?.value.job === 2) tx.put(p, 'effect', { n: 1 });
      });
      expect(await store().get(p, 'marker')).toEqual(written);
      clock.advance(HOUR);
      await transact(store(), async (tx) => {
        if (!(await tx.get(p, 'marker'))) tx.put(p, 'marker', { job: 3 });
      });
      const recreated = await store().get(p, 'marker');
      expect(recreated).toEqual({ partition: p, key: 'marker', version: 1, value: { job: 3 }, commits: [expect.any(String)] });
      expect(written!.commits).not.toContain(recreated!.commits![0]);
    });

    it('makes an expiring document permanent when a put carries no expiry', async (ctx) => {
      if (!store().capabilities.ttl) ctx.skip();
      const p = unique('ttl-keep');
      await put(p, 'k', null, { v: 1 }, clock.now() + HOUR);
      await put(p, 'k', 1, { v: 2 });
      clock.advance(2 * HOUR);
      expect(await store().get(p, 'k')).toEqual({ partition: p, key: 'k', version: 2, value: { v: 2 } });
    });

    it('pages past expired documents: every live one once, in order, no page over its limit', async (ctx) => {
      if (!store().capabilities.ttl) ctx.skip();
      const p = unique('ttl-page');
      const expiresAt = clock.now() + HOUR;
      const keys = Array.from({ length: 30 }, (_, i) => `m${String(i).padStart(2, '0')}`);
      const live = new Set(['m03', 'm17', 'm29']);
      await store().commit(keys.map((key) => ({ type: 'put' as const, partition: p, key, version: null, value: { key }, ...(live.has(key) ? {} : { expiresAt }) })));
      clock.advance(HOUR);
      for (const reverse of [false, true]) {
        const seen: string[] = [];
        let cursor: string | undefined;
        do {
          const page = await store().query(p, { prefix: 'm', limit: 2, cursor, reverse });
          expect(page.items.length).toBeLessThanOrEqual(2);
          seen.push(...page.items.map((doc) => doc.key));
          cursor = page.cursor;
        } while (cursor);
        expect(seen).toEqual(reverse ? [...live].reverse() : [...live]);
      }
    });

    it('removes expired documents physically with its sweeper (sweepExpired), keeping live ones', async (ctx) => {
      if (!store().capabilities.ttl || !store().sweepExpired) ctx.skip();
      const sweep = () => store().sweepExpired!();
      const p = unique('ttl-sweep');
      await store().commit([
        ...['x', 'y', 'z'].map((key) => ({ type: 'put' as const, partition: p, key, version: null, value: {}, expiresAt: clock.now() + HOUR })),
        { type: 'put', partition: p, key: 'keep', version: null, value: {}, expiresAt: clock.now() + 3 * HOUR },
      ]);
      clock.advance(HOUR);
      let removed = await sweep();
      expect(removed).toBeGreaterThanOrEqual(3);
      for (let round = 0; removed > 0 && round < 20; round++) removed = await sweep();
      expect(removed).toBe(0);
      expect(await store().get(p, 'keep')).toMatchObject({ version: 1 });
      clock.advance(2 * HOUR);
      expect(await sweep()).toBeGreaterThanOrEqual(1);
      expect(await store().get(p, 'keep')).toBeUndefined();
    });
  });
}
