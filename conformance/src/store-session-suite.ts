import { describe, expect, it } from 'vitest';
import { Conflict, type Store } from '@kumo/core';
import { unique } from './unique';

/**
 * The Store contract's sessions (`session`), run by `describeStore` for a store that offers them:
 * a session reads and commits as the store does, and its commit also fails when a document it
 * read changed in between; a put expected absent that it did not read fails over an existing
 * document; a released session writes nothing.
 */
export function describeStoreSession(store: () => Store): void {
  describe('sessions (Store.session)', () => {
    it('reads and commits in one session, and a released session writes nothing', async (ctx) => {
      if (!store().session) ctx.skip();
      const p = unique('session');
      await store().commit([{ type: 'put', partition: p, key: 'a', version: null, value: { n: 1 } }]);
      const released = store().session!();
      expect(await released.getMany([{ partition: p, key: 'a' }, { partition: p, key: 'b' }])).toEqual([expect.objectContaining({ version: 1, value: { n: 1 } }), undefined]);
      released.release();
      const session = store().session!();
      const [a] = await session.getMany([{ partition: p, key: 'a' }]);
      await session.commit([
        { type: 'put', partition: p, key: 'a', version: a!.version, value: { n: 2 } },
        { type: 'put', partition: p, key: 'b', version: null, value: { n: 1 } },
      ]);
      session.release();
      expect(await store().get(p, 'a')).toMatchObject({ version: 2, value: { n: 2 } });
      expect(await store().get(p, 'b')).toMatchObject({ version: 1, value: { n: 1 } });
    });

    it('refuses a commit when a document the session read changed, or one expected absent exists, writing nothing', async (ctx) => {
      if (!store().session) ctx.skip();
      const p = unique('session-stale');
      await store().commit([
        { type: 'put', partition: p, key: 'a', version: null, value: { n: 1 } },
        { type: 'put', partition: p, key: 'taken', version: null, value: { n: 1 } },
      ]);
      const stale = store().session!();
      await stale.getMany([{ partition: p, key: 'a' }]);
      await store().commit([{ type: 'put', partition: p, key: 'a', version: 1, value: { n: 5 } }]);
      await expect(stale.commit([{ type: 'put', partition: p, key: 'a', version: 1, value: { n: 2 } }])).rejects.toBeInstanceOf(Conflict);
      stale.release();
      const blind = store().session!();
      const [a] = await blind.getMany([{ partition: p, key: 'a' }]);
      await expect(
        blind.commit([
          { type: 'put', partition: p, key: 'a', version: a!.version, value: { n: 9 } },
          { type: 'put', partition: p, key: 'taken', version: null, value: { n: 2 } },
        ]),
      ).rejects.toBeInstanceOf(Conflict);
      blind.release();
      expect(await store().get(p, 'a')).toMatchObject({ version: 2, value: { n: 5 } });
      expect(await store().get(p, 'taken')).toMatchObject({ version: 1, value: { n: 1 } });
    });
  });
}
