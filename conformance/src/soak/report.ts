import { FAULT_KINDS } from '../faults/index';
import type { SoakReport } from './run';

/** Violations shown per invariant; the count says how many there were in all. */
const SHOWN = 10;

/**
 * The report as printed lines: what ran, the faults by kind, each invariant with its violations
 * (the first ten), and last `soak: <ops> ops, <faults> faults injected, <violations> invariant violations`.
 */
export function formatReport(report: SoakReport): string[] {
  const lines = [
    `adapter ${report.adapter}, seed ${report.seed}, fault rate ${report.faultRate}: ${report.ops} actions in ${report.seconds.toFixed(1)} s (${Math.round(report.ops / report.seconds)} actions/s)`,
    `actions: ${Object.entries(report.actions).map(([name, count]) => `${name}=${count}`).join(' ')}`,
    `client: ${report.retries} retries with the same idempotency key, ${report.retriedLater} answered only after faults stopped`,
    `refusals: ${Object.entries(report.refusals).map(([code, count]) => `${code}=${count}`).join(' ') || 'none'}`,
    `queues: ${report.jobsDuringRun} jobs run during the actions, ${report.jobsDrained} in a ${report.drainSeconds.toFixed(1)} s drain${report.drainTimedOut ? ' that ran out of time with jobs still running' : ''}; ${report.deadLettersReplayed} dead letters replayed, ${report.duplicateDeliveries} pushes delivered more than once`,
    ...Object.entries(report.workerErrors).map(([message, count]) => `worker: ${count} queue call(s) failed: ${message}`),
    `faults by kind: ${FAULT_KINDS.map((kind) => `${kind}=${report.faults[kind]}`).join(' ')}`,
  ];
  for (const result of report.invariants) {
    lines.push(`${result.violations.length === 0 ? 'ok  ' : 'FAIL'} ${result.name} (${result.checked} checked, ${result.violations.length} violations)`);
    for (const violation of result.violations.slice(0, SHOWN)) lines.push(`       ${violation}`);
    if (result.violations.length > SHOWN) lines.push(`       ... and ${result.violations.length - SHOWN} more`);
  }
  lines.push(`soak: ${report.ops} ops, ${report.faultsTotal} faults injected, ${report.violations} invariant violations`);
  return lines;
}
