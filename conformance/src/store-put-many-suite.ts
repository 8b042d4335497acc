import { describe, expect, it } from 'vitest';
import { TooLarge, type NewDoc, type Store } from '@kumo/core';
import { unique } from './unique';

/**
 * The Store contract's bulk write of new documents (`putMany`), run by `describeStore` on a store
 * that offers it: documents of several partitions land at version 1 and list in key order, writing
 * them again is harmless, and a document past `maxItemBytes` is refused before anything is written.
 */
export function describeStorePutMany(store: () => Store): void {
  describe('bulk write of new documents (putMany)', () => {
    it('writes 130 new documents over 3 partitions at version 1, each readable and listed in key order', async (ctx) => {
      if (!store().putMany) ctx.skip();
      const partitions = [unique('bulk-a'), unique('bulk-b'), unique('bulk-c')];
      const docs: NewDoc[] = Array.from({ length: 130 }, (_, i) => ({ partition: partitions[i % 3]!, key: `k${String(i).padStart(3, '0')}`, value: { i, name: `n${i}` } }));
      await store().putMany!(docs);
      expect(await store().get(partitions[1]!, 'k004')).toMatchObject({ version: 1, value: { i: 4, name: 'n4' } });
      const listed = await store().query(partitions[0]!, { limit: 100 });
      expect(listed.items.map((doc) => doc.key)).toEqual(docs.filter((doc) => doc.partition === partitions[0]).map((doc) => doc.key));
      expect(listed.items.every((doc) => doc.version === 1)).toBe(true);
    });

    it('writes the same documents again harmlessly (still version 1, same values)', async (ctx) => {
      if (!store().putMany) ctx.skip();
      const p = unique('bulk-again');
      const docs: NewDoc[] = Array.from({ length: 30 }, (_, i) => ({ partition: p, key: `k${i}`, value: { i } }));
      await store().putMany!(docs);
      await store().putMany!(docs);
      const listed = await store().query(p, { limit: 100 });
      expect(listed.items).toHaveLength(30);
      expect(listed.items.every((doc) => doc.version === 1)).toBe(true);
      expect(await store().get(p, 'k7')).toMatchObject({ version: 1, value: { i: 7 } });
    });

    it('refuses a document past maxItemBytes with TooLarge before writing any', async (ctx) => {
      if (!store().putMany) ctx.skip();
      const p = unique('bulk-large');
      const large = 'x'.repeat(store().capabilities.maxItemBytes + 1);
      const docs: NewDoc[] = [
        { partition: p, key: 'small', value: { n: 1 } },
        { partition: p, key: 'large', value: { large } },
      ];
      await expect(store().putMany!(docs)).rejects.toBeInstanceOf(TooLarge);
      expect(await store().get(p, 'small')).toBeUndefined();
    });
  });
}
