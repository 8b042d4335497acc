import { describe, expect, it } from 'vitest';
import { CommitUnknown, Conflict, transact, type Operation, type Store } from '@kumo/core';
import { FaultSchedule, type FaultKind } from './faults/schedule';
import { FaultyStore } from './faults/store';
import { unique } from './unique';

/** Units of work that read one unchanging document at once, each writing its own (in its own partition: some backends make writes to one partition contend). */
const READERS = 12;

/**
 * What the Store contract lets differ around conditions, run by `describeStore`: `unchecked`
 * reads of `transact` add no check on any store; a store that declares `checkWrites` shows that
 * concurrent checks of one document conflict; `idempotentSingleWrites` says what a one-put commit
 * sent again after an unknown outcome does.
 */
export function describeStoreChecks(store: () => Store): void {
  describe('conditions (capabilities.checkWrites, idempotentSingleWrites)', () => {
    it(`commits ${READERS} concurrent units of work that read one unchanging document unchecked, without a conflict`, async () => {
      const p = unique('room');
      await store().commit([{ type: 'put', partition: p, key: 'room', version: null, value: { name: 'lobby' } }]);
      let conflicts = 0;
      const names = await Promise.all(
        Array.from({ length: READERS }, (_, i) =>
          transact(
            store(),
            async (tx) => {
              const room = await tx.get<{ name: string }>(p, 'room', { unchecked: true });
              tx.put(`${p}-${i}`, 'msg', { text: `hello ${i}` }, { assumeAbsent: true });
              return room?.value.name;
            },
            { onConflict: () => conflicts++ },
          ),
        ),
      );
      expect(names).toEqual(Array(READERS).fill('lobby'));
      expect(conflicts).toBe(0);
      const written = await Promise.all(Array.from({ length: READERS }, (_, i) => store().get(`${p}-${i}`, 'msg')));
      expect(written.map((doc) => doc?.value.text)).toEqual(Array.from({ length: READERS }, (_, i) => `hello ${i}`));
    });

    it('adds no check for an unchecked read: a change of that document meanwhile does not fail the commit, as it fails a checked one', async () => {
      const p = unique('unchecked');
      await store().commit([{ type: 'put', partition: p, key: 'doc', version: null, value: { n: 1 } }]);
      const attemptsWith = async (unchecked: boolean, key: string) => {
        let attempts = 0;
        await transact(store(), async (tx) => {
          attempts++;
          const doc = await tx.get<{ n: number }>(p, 'doc', { unchecked });
          if (attempts === 1) await store().commit([{ type: 'put', partition: p, key: 'doc', version: doc!.version, value: { n: doc!.value.n + 1 } }]);
          tx.put(p, key, { seen: doc!.value.n });
        });
        return attempts;
      };
      expect(await attemptsWith(true, 'unchecked')).toBe(1);
      expect(await store().get(p, 'unchecked')).toMatchObject({ value: { seen: 1 } });
      expect(await attemptsWith(false, 'checked')).toBe(2);
      expect(await store().get(p, 'checked')).toMatchObject({ value: { seen: 3 } });
    });

    it('makes concurrent checks of one document conflict where checkWrites is declared', async (ctx) => {
      if (!store().capabilities.checkWrites) ctx.skip();
      const p = unique('checked');
      await store().commit([{ type: 'put', partition: p, key: 'room', version: null, value: { name: 'lobby' } }]);
      const version = (await store().get(p, 'room'))!.version;
      const outcomes = await Promise.allSettled(
        Array.from({ length: READERS }, (_, i) =>
          store().commit([
            { type: 'check', partition: p, key: 'room', version },
            { type: 'put', partition: p, key: `msg:${i}`, version: null, value: { i } },
          ]),
        ),
      );
      const conflicts = outcomes.filter((outcome) => outcome.status === 'rejected' && outcome.reason instanceof Conflict);
      expect(conflicts.length).toBeGreaterThan(0);
      expect(outcomes.filter((outcome) => outcome.status === 'rejected')).toHaveLength(conflicts.length);
      expect(await store().get(p, 'room')).toMatchObject({ version, value: { name: 'lobby' } });
    });

    it.each(['ambiguousCommit', 'lateCommit'] as const)(
      'answers a one-put commit sent again after %s as declared by idempotentSingleWrites, writing it once',
      async (kind: FaultKind) => {
        const p = unique(`resend-${kind}`);
        const faulty = new FaultyStore(store(), new FaultSchedule({ seed: 5, rates: { [kind]: 1 }, limits: { [kind]: 1 } }));
        const put: Operation[] = [{ type: 'put', partition: p, key: 'receipt', version: null, value: { coins: 10 }, commits: [unique('commit')] }];
        await expect(faulty.commit(put)).rejects.toBeInstanceOf(CommitUnknown);
        const resent = faulty.commit(put);
        if (store().capabilities.idempotentSingleWrites) await resent;
        else await expect(resent).rejects.toBeInstanceOf(Conflict);
        expect(await store().get(p, 'receipt')).toMatchObject({ version: 1, value: { coins: 10 } });
      },
    );
  });
}
