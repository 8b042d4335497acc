import { describe, expect, it } from 'vitest';
import { Conflict, KumoError, Unsupported, type Store } from '@kumo/core';
import type { OffsetClock } from './services/context';
import { unique } from './unique';

/**
 * The Store contract's atomic increment (`increment`), run by `describeStore`: a store that
 * declares `capabilities.atomicIncrement` counts every one of many concurrent increments of one
 * document, creates an absent one, keeps the rest of a present one and bumps its version (so a
 * commit that read it before conflicts); one that does not declare it refuses with `Unsupported` (or has no `increment`).
 */
export function describeStoreIncrement(store: () => Store, clock: OffsetClock): void {
  describe('atomic increment (capabilities.atomicIncrement)', () => {
    it('refuses cleanly when atomicIncrement is not declared', async (ctx) => {
      if (store().capabilities.atomicIncrement) ctx.skip();
      const p = unique('inc-none');
      if (store().increment) await expect(store().increment!(p, 'n', 'count', 1)).rejects.toBeInstanceOf(Unsupported);
      expect(await store().get(p, 'n')).toBeUndefined();
    });

    it('creates an absent document and counts every one of 64 concurrent increments', async (ctx) => {
      if (!store().capabilities.atomicIncrement) ctx.skip();
      const p = unique('inc');
      const results = await Promise.all(Array.from({ length: 64 }, () => store().increment!(p, 'n', 'count', 1)));
      expect([...results].sort((a, b) => a - b)).toEqual(Array.from({ length: 64 }, (_, i) => i + 1));
      expect(await store().get(p, 'n')).toMatchObject({ version: 64, value: { count: 64 } });
    });

    it('keeps the other fields and expiry of a present document and bumps its version, so a stale commit conflicts', async (ctx) => {
      if (!store().capabilities.atomicIncrement) ctx.skip();
      const p = unique('inc-keep');
      const expiresAt = store().capabilities.ttl ? clock.now() + 3_600_000 : undefined;
      await store().commit([{ type: 'put', partition: p, key: 'n', version: null, value: { name: 'x', count: 5 }, ...(expiresAt ? { expiresAt } : {}) }]);
      expect(await store().increment!(p, 'n', 'count', 2)).toBe(7);
      expect(await store().increment!(p, 'n', 'other', -4)).toBe(-4);
      expect(await store().get(p, 'n')).toMatchObject({ version: 3, value: { name: 'x', count: 7, other: -4 }, ...(expiresAt ? { expiresAt } : {}) });
      await expect(store().commit([{ type: 'put', partition: p, key: 'n', version: 1, value: { count: 0 } }])).rejects.toBeInstanceOf(Conflict);
      expect(await store().get(p, 'n')).toMatchObject({ version: 3, value: { count: 7 } });
    });

    it('treats an expired document as absent', async (ctx) => {
      if (!store().capabilities.atomicIncrement || !store().capabilities.ttl) ctx.skip();
      const p = unique('inc-exp');
      await store().commit([{ type: 'put', partition: p, key: 'n', version: null, value: { count: 100 }, expiresAt: clock.now() + 1_000 }]);
      clock.advance(2_000);
      expect(await store().increment!(p, 'n', 'count', 1)).toBe(1);
      const doc = await store().get(p, 'n');
      expect(doc).toMatchObject({ version: 1, value: { count: 1 } });
      expect(doc?.expiresAt).toBeUndefined();
    });

    it('refuses a field that is not a number, and an amount that is not a whole number, writing nothing', async (ctx) => {
      if (!store().capabilities.atomicIncrement) ctx.skip();
      const p = unique('inc-bad');
      await store().commit([{ type: 'put', partition: p, key: 'n', version: null, value: { count: 'many' } }]);
      await expect(store().increment!(p, 'n', 'count', 1)).rejects.toMatchObject({ code: 'invalid_increment' });
      await expect(store().increment!(p, 'n', 'other', 1.5)).rejects.toBeInstanceOf(KumoError);
      expect(await store().get(p, 'n')).toMatchObject({ version: 1, value: { count: 'many' } });
    });
  });
}
