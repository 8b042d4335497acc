/**
 * Fault injection for conformance cases and soaks: wrappers around any adapter's Store, Queue
 * and Push that inject faults from one seeded `FaultSchedule` and count them by kind, plus a
 * TCP link that can drop a backend's connections for real.
 *
 *     const schedule = new FaultSchedule({ seed: 7, rates: { ambiguousCommit: 0.05, throttle: 0.05 } });
 *     const store = new FaultyStore(realStore, schedule);
 *     // ... run the workload, then:
 *     schedule.pause();
 *     console.log(`${schedule.total} faults injected: ${schedule.summary()}`);
 */
export { FAULT_KINDS, FaultSchedule, InjectedFault, type FaultKind, type FaultScheduleOptions } from './schedule';
export { FaultyStore } from './store';
export { FaultyQueue } from './queue';
export { FaultyPush, type FaultyPushOptions } from './push';
export { TcpLink } from './tcp-link';
