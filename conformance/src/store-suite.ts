import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Conflict, getMany, Throttled, TooLarge, transact, Unsupported, type Clock, type Store } from '@kumo/core';
import { FaultSchedule, type FaultKind } from './faults/schedule';
import { FaultyStore } from './faults/store';
import { describeStoreChecks } from './store-checks-suite';
import { describeStoreWrappers } from './store-wrappers-suite';
import { describeStoreIncrement } from './store-increment-suite';
import { describeStorePutMany } from './store-put-many-suite';
import { describeStoreListing } from './store-listing-suite';
import { describeStoreSession } from './store-session-suite';
import { describeStoreTtl } from './store-ttl-suite';
import { OffsetClock } from './services/context';
import { unique } from './unique';

/**
 * Creates the store under test on the suite's clock (expiry is judged by it, and the TTL cases
 * move it forward); `close` (if returned) runs after the suite.
 */
export type StoreFactory = (clock: Clock) => Promise<Store | { store: Store; close(): Promise<void> }>;

/** Counts from the contention case, for adapters' notes and benchmarks. */
export interface ContentionReport {
  writers: number;
  conflicts: number;
  finalValue: number;
}

/** Adds 10 coins to `p/wallet` (and, with `ledger`, records the balance in `p/ledger` in the same batch); returns the new balance. */
const credit = (store: Store, p: string, ledger: boolean) =>
  transact(
    store,
    async (tx) => {
      const coins = ((await tx.get<{ coins: number }>(p, 'wallet'))?.value.coins ?? 0) + 10;
      tx.put(p, 'wallet', { coins });
      if (ledger) tx.put(p, 'ledger', { last: coins });
      return coins;
    },
    { maxAttempts: 200, maxDelayMs: 100 },
  );

/** A store that injects `kind` into the first `times` calls it applies to. */
const failing = (store: Store, kind: FaultKind, times = 1) =>
  new FaultyStore(store, new FaultSchedule({ seed: 1, rates: { [kind]: 1 }, limits: { [kind]: times } }));

/**
 * The Store port's contract, run against one adapter. Every case uses fresh partitions,
 * so the suite needs no cleanup and can share an emulator with other suites.
 */
export function describeStore(name: string, factory: StoreFactory, onContention?: (report: ContentionReport) => void): void {
  describe(`Store conformance: ${name}`, () => {
    let store: Store;
    let close: (() => Promise<void>) | undefined;
    const clock = new OffsetClock();

    beforeAll(async () => {
      const made = await factory(clock);
      if ('store' in made) ({ store, close } = made);
      else store = made;
    });
    afterAll(async () => close?.());

    it('creates, reads, replaces and deletes a document, bumping its version', async () => {
      const p = unique('crud');
      expect(await store.get(p, 'a')).toBeUndefined();
      await store.commit([{ type: 'put', partition: p, key: 'a', version: null, value: { n: 1, nested: { list: [1, 'x', null] } } }]);
      const created = await store.get(p, 'a');
      expect(created).toEqual({ partition: p, key: 'a', version: 1, value: { n: 1, nested: { list: [1, 'x', null] } } });
      await store.commit([{ type: 'put', partition: p, key: 'a', version: 1, value: { n: 2 } }]);
      expect(await store.get(p, 'a')).toMatchObject({ version: 2, value: { n: 2 } });
      await store.commit([{ type: 'delete', partition: p, key: 'a', version: 2 }]);
      expect(await store.get(p, 'a')).toBeUndefined();
    });

    it('keeps keys with separators and unicode apart', async () => {
      const p = unique('keys');
      const keys = ['a#b', 'a/b', 'a:b', 'ä-ü', 'a b'];
      await store.commit(keys.map((key, i) => ({ type: 'put' as const, partition: p, key, version: null, value: { i } })));
      for (const [i, key] of keys.entries()) expect((await store.get(p, key))?.value).toEqual({ i });
    });

    it('refuses a write whose expected version is stale, with Conflict', async () => {
      const p = unique('cond');
      await store.commit([{ type: 'put', partition: p, key: 'k', version: null, value: { v: 1 } }]);
      await expect(store.commit([{ type: 'put', partition: p, key: 'k', version: null, value: { v: 9 } }])).rejects.toBeInstanceOf(Conflict);
      await store.commit([{ type: 'put', partition: p, key: 'k', version: 1, value: { v: 2 } }]);
      await expect(store.commit([{ type: 'put', partition: p, key: 'k', version: 1, value: { v: 9 } }])).rejects.toBeInstanceOf(Conflict);
      await expect(store.commit([{ type: 'delete', partition: p, key: 'k', version: 1 }])).rejects.toBeInstanceOf(Conflict);
      expect(await store.get(p, 'k')).toMatchObject({ version: 2, value: { v: 2 } });
    });

    it('commits all or nothing: one failing condition aborts every write', async () => {
      const p = unique('atomic');
      await store.commit([{ type: 'put', partition: p, key: 'guard', version: null, value: { v: 1 } }]);
      await expect(
        store.commit([
          { type: 'put', partition: p, key: 'x', version: null, value: { v: 1 } },
          { type: 'put', partition: p, key: 'y', version: null, value: { v: 1 } },
          { type: 'check', partition: p, key: 'guard', version: 7 },
        ]),
      ).rejects.toBeInstanceOf(Conflict);
      expect(await store.get(p, 'x')).toBeUndefined();
      expect(await store.get(p, 'y')).toBeUndefined();
    });

    it('aborts a transaction whose work throws, writing nothing', async () => {
      const p = unique('abort');
      await expect(
        transact(store, async (tx) => {
          tx.put(p, 'a', { v: 1 });
          tx.put(p, 'b', { v: 1 });
          throw new Error('game rule failed');
        }),
      ).rejects.toThrow('game rule failed');
      expect((await store.query(p)).items).toEqual([]);
    });

    it('loses no update under 60 concurrent read-modify-write transactions on one key', async () => {
      const p = unique('hot');
      const writers = 60;
      let conflicts = 0;
      await Promise.all(
        Array.from({ length: writers }, () =>
          transact(
            store,
            async (tx) => {
              const doc = await tx.get<{ n: number }>(p, 'counter');
              tx.put(p, 'counter', { n: (doc?.value.n ?? 0) + 1 });
            },
            { maxAttempts: 200, maxDelayMs: 100, onConflict: () => conflicts++ },
          ),
        ),
      );
      const final = await store.get<{ n: number }>(p, 'counter');
      expect(final?.value.n).toBe(writers);
      expect(final?.version).toBe(writers);
      onContention?.({ writers, conflicts, finalValue: final!.value.n });
    }, 120_000);

    it('sees its own staged writes inside a transaction', async () => {
      const p = unique('staged');
      const seen = await transact(store, async (tx) => {
        tx.put(p, 'a', { v: 1 });
        const inside = await tx.get(p, 'a');
        tx.delete(p, 'a');
        return { inside: inside?.value, afterDelete: await tx.get(p, 'a') };
      });
      expect(seen).toEqual({ inside: { v: 1 }, afterDelete: undefined });
      expect(await store.get(p, 'a')).toBeUndefined();
    });

    it('reads several documents in one call, in the order asked (getMany, or parallel gets)', async () => {
      const p = unique('many');
      await store.commit([
        { type: 'put', partition: p, key: 'a', version: null, value: { n: 1 } },
        { type: 'put', partition: p, key: 'b', version: null, value: { n: 2 } },
      ]);
      const docs = await getMany(store, [{ partition: p, key: 'b' }, { partition: p, key: 'none' }, { partition: p, key: 'a' }, { partition: p, key: 'b' }]);
      expect(docs.map((doc) => doc && [doc.key, doc.version, doc.value])).toEqual([['b', 1, { n: 2 }], undefined, ['a', 1, { n: 1 }], ['b', 1, { n: 2 }]]);
    });

    it('treats a document assumed absent that exists as a wrong guess: one more attempt, never a wrong answer or a lost write', async () => {
      const p = unique('assumed');
      await store.commit([
        { type: 'put', partition: p, key: 'marker', version: null, value: { answer: 'first' } },
        { type: 'put', partition: p, key: 'n', version: null, value: { n: 1 } },
      ]);
      let attempts = 0;
      const answered = await transact(store, async (tx) => {
        attempts++;
        const [marker, n] = await Promise.all([tx.get<{ answer: string }>(p, 'marker', { assumeAbsent: true }), tx.get<{ n: number }>(p, 'n')]);
        if (marker) return marker.value.answer;
        tx.put(p, 'marker', { answer: 'second' });
        tx.put(p, 'n', { n: n!.value.n + 1 });
        return 'second';
      });
      expect([answered, attempts]).toEqual(['first', 2]);
      const refusedOnlyWhenAbsent = await transact(store, async (tx) => {
        const marker = await tx.get<{ answer: string }>(p, 'marker', { assumeAbsent: true });
        if (marker) return marker.value.answer;
        throw new Error('refused: the work must not be judged on a wrong guess');
      });
      expect(refusedOnlyWhenAbsent).toBe('first');
      await transact(store, async (tx) => tx.put(p, 'fresh', { v: 1 }, { assumeAbsent: true }));
      await transact(store, async (tx) => tx.put(p, 'n', { n: 7 }, { assumeAbsent: true }));
      expect([await store.get(p, 'marker'), await store.get(p, 'n'), await store.get(p, 'fresh')].map((doc) => [doc?.version, doc?.value])).toEqual([
        [1, { answer: 'first' }],
        [2, { n: 7 }],
        [1, { v: 1 }],
      ]);
    });

    describe.each(['ambiguousCommit', 'refusedCommit', 'lateCommit'] as const)('when a commit fails with %s (outcome unknown)', (kind) => {
      it.each([
        ['a single-operation batch', false],
        ['a two-document batch', true],
      ])('applies the unit of work exactly once: %s', async (_, ledger) => {
        const p = unique(`${kind}`);
        const faulty = failing(store, kind);
        expect(await credit(faulty, p, ledger)).toBe(10);
        const wallet = await store.get<{ coins: number }>(p, 'wallet');
        expect(wallet).toMatchObject({ version: 1, value: { coins: 10 } });
        if (ledger) expect(await store.get(p, 'ledger')).toMatchObject({ version: 1, value: { last: 10 } });
        expect(await credit(store, p, ledger)).toBe(20);
      });

      it('applies a delete-only unit of work and reports success', async () => {
        const p = unique(`${kind}-delete`);
        await store.commit([{ type: 'put', partition: p, key: 'gift', version: null, value: { coins: 5 } }]);
        await transact(failing(store, kind), async (tx) => tx.delete(p, 'gift'));
        expect(await store.get(p, 'gift')).toBeUndefined();
      });
    });

    it('retries a throttled commit, and surfaces Throttled with nothing written when it persists', async () => {
      const p = unique('throttled');
      const schedule = new FaultSchedule({ seed: 2, rates: { throttle: 1 }, limits: { throttle: 3 } });
      expect(await credit(new FaultyStore(store, schedule), p, true)).toBe(10);
      expect(schedule.counts.throttle).toBe(3);
      expect(await store.get(p, 'wallet')).toMatchObject({ version: 1, value: { coins: 10 } });

      const q = unique('throttled');
      const always = new FaultSchedule({ seed: 3, rates: { throttle: 1 } });
      const write = transact(new FaultyStore(store, always), async (tx) => {
        tx.put(q, 'a', { v: 1 });
        tx.put(q, 'b', { v: 1 });
      }, { maxAttempts: 3, baseDelayMs: 1 });
      await expect(write).rejects.toBeInstanceOf(Throttled);
      const readCallsPerAttempt = store.getMany || store.session ? 1 : 2;
      expect(always.counts.throttle).toBe(3 * readCallsPerAttempt);
      expect((await store.query(q)).items).toEqual([]);
    });

    it('loses and duplicates no credit when 20 concurrent units of work meet every commit fault', async () => {
      const p = unique('faulty-hot');
      const schedule = new FaultSchedule({ seed: 4, rates: { ambiguousCommit: 0.2, refusedCommit: 0.1, lateCommit: 0.1, throttle: 0.1, latency: 0.3 } });
      const faulty = new FaultyStore(store, schedule);
      await Promise.all(Array.from({ length: 20 }, () => credit(faulty, p, true)));
      schedule.pause();
      await faulty.get(p, 'wallet');
      const wallet = await store.get<{ coins: number }>(p, 'wallet');
      expect(wallet).toMatchObject({ version: 20, value: { coins: 200 } });
      expect(schedule.counts.ambiguousCommit + schedule.counts.refusedCommit + schedule.counts.lateCommit).toBeGreaterThan(0);
    }, 120_000);

    it('commits across partitions if declared, else throws Unsupported and writes nothing', async () => {
      const p1 = unique('xp1');
      const p2 = unique('xp2');
      const attempt = store.commit([
        { type: 'put', partition: p1, key: 'a', version: null, value: { v: 1 } },
        { type: 'put', partition: p2, key: 'b', version: null, value: { v: 1 } },
      ]);
      if (store.capabilities.crossPartitionTransactions) {
        await attempt;
        expect(await store.get(p1, 'a')).toBeDefined();
        expect(await store.get(p2, 'b')).toBeDefined();
      } else {
        await expect(attempt).rejects.toBeInstanceOf(Unsupported);
        expect(await store.get(p1, 'a')).toBeUndefined();
        expect(await store.get(p2, 'b')).toBeUndefined();
      }
    });

    it('commits a batch of the declared maximum size and refuses one more with TooLarge', async () => {
      const p = unique('batch');
      const max = store.capabilities.maxTransactionItems;
      const ops = (n: number, tag: string) =>
        Array.from({ length: n }, (_, i) => ({ type: 'put' as const, partition: p, key: `${tag}${String(i).padStart(4, '0')}`, version: null, value: { i } }));
      await store.commit(ops(max, 'ok'));
      expect((await store.query(p, { prefix: 'ok', limit: 1000 })).items).toHaveLength(max);
      await expect(store.commit(ops(max + 1, 'no'))).rejects.toBeInstanceOf(TooLarge);
      expect((await store.query(p, { prefix: 'no' })).items).toEqual([]);
    }, 60_000);

    it('refuses a document over maxItemBytes with TooLarge and writes nothing', async () => {
      const p = unique('big');
      const big = { blob: 'x'.repeat(store.capabilities.maxItemBytes + 1) };
      await expect(
        store.commit([
          { type: 'put', partition: p, key: 'small', version: null, value: { v: 1 } },
          { type: 'put', partition: p, key: 'big', version: null, value: big },
        ]),
      ).rejects.toBeInstanceOf(TooLarge);
      expect(await store.get(p, 'small')).toBeUndefined();
    });

    it('queries a partition by prefix in key order, a page at a time, both directions', async () => {
      const p = unique('query');
      const keys = Array.from({ length: 25 }, (_, i) => `item#${String(i).padStart(3, '0')}`);
      await store.commit([
        ...keys.map((key, i) => ({ type: 'put' as const, partition: p, key, version: null, value: { i } })),
        { type: 'put', partition: p, key: 'other#1', version: null, value: { i: -1 } },
        { type: 'put', partition: p, key: 'itek', version: null, value: { i: -2 } },
        { type: 'put', partition: p, key: 'item$', version: null, value: { i: -3 } },
      ]);
      const collect = async (reverse: boolean) => {
        const seen: string[] = [];
        let cursor: string | undefined;
        do {
          const page = await store.query(p, { prefix: 'item#', limit: 10, cursor, reverse });
          expect(page.items.length).toBeLessThanOrEqual(10);
          seen.push(...page.items.map((doc) => doc.key));
          cursor = page.cursor;
        } while (cursor);
        return seen;
      };
      expect(await collect(false)).toEqual(keys);
      expect(await collect(true)).toEqual([...keys].reverse());
      const all = await store.query(p, { limit: 100 });
      expect(all.items.map((d) => d.key)).toEqual([...keys, 'item$', 'itek', 'other#1'].sort());
      expect(all.cursor).toBeUndefined();
      expect((await store.query(unique('empty'))).items).toEqual([]);
    });

    describeStoreTtl(() => store, clock);
    describeStoreListing(() => store, clock);
    describeStoreIncrement(() => store, clock);
    describeStorePutMany(() => store);
    describeStoreSession(() => store);
    describeStoreChecks(() => store);
    describeStoreWrappers(() => store);
  });
}
