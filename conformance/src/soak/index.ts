/**
 * The chaos soak: mixed game actions through core's services on any adapter, under injected
 * faults, then invariants checked against what the clients were told. Imports in plain Node
 * (no test runner), so apps can run it.
 *
 *     const report = await runSoak({ name: 'memory', ports, capabilities, visibilityTimeoutSeconds: 2 }, { ops: 10_000, seed: 1, faultRate: 0.05, concurrency: 16 });
 *     for (const line of formatReport(report)) console.log(line);
 */
export { runSoak, type SoakAdapter, type SoakOptions, type SoakReport } from './run';
export { formatReport } from './report';
export { SOAK_ACTIONS } from './actions/index';
export { SOAK_INVARIANTS } from './invariants/index';
export { SoakClient, isRefusal, type Outcome } from './client';
export { SoakLedger } from './ledger';
export { DeliveryLog, PartitionRecorder } from './recorders';
export type { Invariant, InvariantResult, SoakAction, SoakContext, SoakServices, SoakWorld } from './types';
export { SoakRandom } from './random';
export { setUpWorld, type WorldOptions } from './world';
