import { FAULT_KINDS } from '@kumo/conformance/faults';
import { formatReport, runSoak } from '@kumo/conformance/soak';
import { expect, it } from 'vitest';
import { startMemory } from '../src/adapters/memory';
import { SOAK_QUEUE } from '../src/queue-settings';

it('a 1,000-action soak on the embedded adapter, under every kind of fault, breaks no invariant', async () => {
  const { adapter, stop } = await startMemory(SOAK_QUEUE);
  const report = await runSoak(adapter, { ops: 1000, seed: 20261130, faultRate: 0.05, concurrency: 16, players: 40 }).finally(stop);
  const failed = report.invariants.filter((result) => result.violations.length > 0);
  if (failed.length > 0) console.log(formatReport(report).join('\n'));
  for (const kind of FAULT_KINDS) expect(report.faults[kind], `${kind} faults injected`).toBeGreaterThan(0);
  expect(report.invariants.length).toBeGreaterThanOrEqual(7);
  expect(Object.fromEntries(failed.map((result) => [result.name, result.violations]))).toEqual({});
});
