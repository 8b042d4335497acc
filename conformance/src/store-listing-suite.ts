import { describe, expect, it } from 'vitest';
import { Unsupported, type Store } from '@kumo/core';
import type { OffsetClock } from './services/context';
import { unique } from './unique';

/** Every partition name of a listing split into `segments`, read to the end a few at a time. */
export async function listAllPartitions(store: Store, segments = 1, limit = 7): Promise<string[]> {
  const names: string[] = [];
  for (let segment = 0; segment < segments; segment++) {
    let cursor: string | undefined;
    do {
      const page = await store.listPartitions!({ segment, segments, limit, cursor });
      expect(page.partitions.length).toBeLessThanOrEqual(limit);
      names.push(...page.partitions);
      cursor = page.cursor;
    } while (cursor);
  }
  return names;
}

/**
 * The Store contract's partition listing (`listPartitions`), run by `describeStore`: a store that
 * declares `capabilities.partitionListing` lists every partition holding a live document exactly
 * once across the segments of one split, and none that was emptied; one that does not declare it
 * has no `listPartitions`.
 */
export function describeStoreListing(store: () => Store, clock: OffsetClock): void {
  describe('partition listing (capabilities.partitionListing)', () => {
    it('has no listPartitions when partitionListing is not declared', (ctx) => {
      if (store().capabilities.partitionListing) ctx.skip();
      expect(store().listPartitions).toBeUndefined();
    });

    it('lists each partition holding documents exactly once, in one segment or several, and not one emptied', async (ctx) => {
      const declared = store().capabilities.partitionListing;
      if (!declared) ctx.skip();
      const full = [unique('list-a'), unique('list-b'), unique('list-c'), `${unique('list')}/with space é`];
      const emptied = unique('list-emptied');
      for (const [i, partition] of full.entries()) {
        await store().commit(Array.from({ length: i + 1 }, (_, k) => ({ type: 'put' as const, partition, key: `k${k}`, version: null, value: { k } })));
      }
      await store().commit([{ type: 'put', partition: emptied, key: 'gone', version: null, value: {} }]);
      await store().commit([{ type: 'delete', partition: emptied, key: 'gone', version: 1 }]);
      for (const segments of new Set([1, Math.min(4, declared!.maxSegments)])) {
        const names = await listAllPartitions(store(), segments, 2);
        for (const partition of full) expect(names.filter((name) => name === partition), `${partition} in ${segments} segment(s)`).toHaveLength(1);
        expect(names).not.toContain(emptied);
        expect(new Set(names).size).toBe(names.length);
      }
    });

    it('leaves out a partition whose documents have all expired once the store has swept it', async (ctx) => {
      if (!store().capabilities.partitionListing || !store().capabilities.ttl) ctx.skip();
      const p = unique('list-expiring');
      await store().commit([{ type: 'put', partition: p, key: 'a', version: null, value: {}, expiresAt: clock.now() + 1000 }]);
      expect(await listAllPartitions(store())).toContain(p);
      clock.advance(2000);
      await store().sweepExpired?.();
      const names = await listAllPartitions(store());
      if (names.includes(p)) expect((await store().query(p)).items).toEqual([]);
    });

    it('refuses more segments than declared with Unsupported', async (ctx) => {
      const declared = store().capabilities.partitionListing;
      if (!declared) ctx.skip();
      await expect(store().listPartitions!({ segments: declared!.maxSegments + 1 })).rejects.toBeInstanceOf(Unsupported);
    });
  });
}
