import { FAULT_KINDS } from '@kumo/conformance/faults';
import { formatReport, runSoak, type SoakAction } from '@kumo/conformance/soak';
import { transact, userPartition } from '@kumo/core';
import { expect, it } from 'vitest';
import { startMemory } from '../src/adapters/memory';
import { SOAK_QUEUE } from '../src/queue-settings';

it('a 1,000-action soak on the embedded adapter, under every kind of fault, breaks no invariant', async () => {
  const { adapter, stop } = await startMemory(SOAK_QUEUE);
  // Queue faults apply only to job deliveries, which are few in 1,000 actions: raise their odds so
  // that every kind of fault is seen in the short run (the long runs keep one rate for all).
  const faultRates = { crashBeforeAck: 0.3, duplicateDelivery: 0.3 };
  const report = await runSoak(adapter, { ops: 1000, seed: 20261130, faultRate: 0.05, faultRates, concurrency: 16, players: 40 }).finally(stop);
  const failed = report.invariants.filter((result) => result.violations.length > 0);
  if (failed.length > 0) console.log(formatReport(report).join('\n'));
  for (const kind of FAULT_KINDS) expect(report.faults[kind], `${kind} faults injected`).toBeGreaterThan(0);
  expect(report.invariants.length).toBeGreaterThanOrEqual(7);
  expect(Object.fromEntries(failed.map((result) => [result.name, result.violations]))).toEqual({});
});

it('the invariants catch a change no client was told about: deposits left out of the ledger', async () => {
  const { adapter, stop } = await startMemory(SOAK_QUEUE);
  const unrecorded: SoakAction = {
    name: 'unrecorded deposit',
    weight: 1,
    async run({ services, nextId }, userId) {
      await services.wallet.deposit(userId, 'ios', { receiptId: nextId('unrecorded'), paid: 1, free: 0 });
      return true;
    },
  };
  const report = await runSoak(adapter, { ops: 20, seed: 1, faultRate: 0, concurrency: 4, players: 5, actions: [unrecorded] }).finally(stop);
  expect(report.faultsTotal).toBe(0);
  expect(report.violations).toBe(20);
  expect(report.invariants.find((result) => result.violations.length > 0)?.violations[0]).toMatch(/receipt\(s\) deposit:unrecorded-.* for no accepted request/);
  expect(formatReport(report).at(-1)).toBe('soak: 20 ops, 0 faults injected, 20 invariant violations');
});

it('the paid-currency invariant catches lots that drift from the paid balance', async () => {
  const { adapter, stop } = await startMemory(SOAK_QUEUE);
  // Once per player: the wallet refuses further work on a slot whose lots disagree with its balance.
  const drifted = new Set<string>();
  const drifting: SoakAction = {
    name: 'deposit whose lots are lost',
    weight: 1,
    async run({ services, ledger, partitions, nextId }, userId) {
      if (drifted.has(userId)) return false;
      drifted.add(userId);
      const receiptId = nextId('drift');
      await services.wallet.deposit(userId, 'ios', { receiptId, paid: 5, free: 0 });
      ledger.wallet.push({ userId, slot: 'ios', kind: 'deposit', reference: receiptId, paid: 5, free: 0, amount: 0 });
      await transact(partitions, async (tx) => {
        const balance = await tx.get(userPartition(userId), 'wallet:balance:ios');
        tx.put(userPartition(userId), 'wallet:balance:ios', { ...balance!.value, lots: [] });
      });
      return true;
    },
  };
  const report = await runSoak(adapter, { ops: 3, seed: 1, faultRate: 0, concurrency: 1, players: 20, actions: [drifting] }).finally(stop);
  const byName = Object.fromEntries(report.invariants.map((result) => [result.name.split(':')[0], result.violations]));
  expect(byName.wallet).toEqual([]);
  expect(byName['paid currency']!.length).toBeGreaterThan(0);
  expect(byName['paid currency']![0]).toMatch(/Σ lots 0 − debt 0 but paid balance \d+/);
});
