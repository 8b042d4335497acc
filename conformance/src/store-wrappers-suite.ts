import { describe, expect, it } from 'vitest';
import { HotKeyTracker, interceptStore, trackHotKeys, transact, type Store } from '@kumo/core';
import { FaultSchedule } from './faults/schedule';
import { FaultyStore } from './faults/store';
import { PartitionRecorder } from './soak/recorders';
import { unique } from './unique';

/** The Store port's optional methods: a wrapper offers each iff the store it wraps does. */
const OPTIONAL_METHODS = ['getMany', 'increment', 'putMany', 'session', 'sweepExpired', 'listPartitions'] as const;

/**
 * Wrappers keep the store they wrap whole, run by `describeStore`: the hot-key tracker every app
 * puts around its store, the fault injector and the soak's partition recorder offer exactly the
 * optional methods the adapter offers, and a unit of work through all of them still reads and
 * commits in one session where the adapter offers sessions, faults included.
 */
export function describeStoreWrappers(store: () => Store): void {
  describe('wrappers keep every method (interceptStore)', () => {
    const quiet = () => new FaultSchedule({ seed: 1 });

    it('offers exactly the optional methods of the store through hot keys, faults and recorders', () => {
      const offered = (wrapped: Store) => OPTIONAL_METHODS.filter((method) => typeof wrapped[method] === 'function');
      const own = offered(store());
      expect(offered(trackHotKeys(store(), new HotKeyTracker(10)))).toEqual(own);
      expect(offered(new FaultyStore(store(), quiet()))).toEqual(own);
      expect(offered(new PartitionRecorder(store()))).toEqual(own);
      expect(offered(interceptStore(store(), (_, proceed) => proceed()))).toEqual(own);
    });

    it('commits a unit of work through a session behind every wrapper, once, when its commit is lost', async (ctx) => {
      if (!store().session) ctx.skip();
      const p = unique('wrapped-session');
      const calls: string[] = [];
      const tracker = new HotKeyTracker(10);
      const schedule = new FaultSchedule({ seed: 7, rates: { ambiguousCommit: 1 }, limits: { ambiguousCommit: 1 } });
      const wrapped = interceptStore(trackHotKeys(new FaultyStore(new PartitionRecorder(store()), schedule), tracker), (call, proceed) => {
        calls.push(call.method);
        return proceed();
      });
      const credit = () =>
        transact(wrapped, async (tx) => {
          const wallet = await tx.get<{ coins: number }>(p, 'wallet');
          tx.put(p, 'wallet', { coins: (wallet?.value.coins ?? 0) + 10 });
        });
      await credit();
      await credit();
      expect(schedule.counts.ambiguousCommit).toBe(1);
      expect(await store().get(p, 'wallet')).toMatchObject({ version: 2, value: { coins: 20 } });
      expect(calls).toContain('session.getMany');
      expect(calls).toContain('session.commit');
      expect(calls).not.toContain('commit');
      expect(tracker.top(1)[0]?.key).toBe(`${p}/wallet`);
    });
  });
}
