import { costOf, flatUnits, type Cost, type PriceTable } from './pricing';
import type { BenchRun, Measured } from './run';
import type { Workload } from './workloads';

/** A run with its cost. */
export type PricedRun = BenchRun & { cost: Cost };

/** What `kumo bench` reports (`--json` prints it as is; the HTML report draws it). */
export interface BenchReport {
  createdAt: string;
  workload: Workload;
  /** The price table used: its version and the dates its prices were read. */
  prices: { version: string; read: string[] };
  runs: PricedRun[];
}

/** A report of runs priced with `prices`. */
export function benchReport(workload: Workload, runs: BenchRun[], prices: PriceTable, functionMemoryMb: number): BenchReport {
  const priced = runs.map((run) => ({ ...run, cost: costOf(run, prices, functionMemoryMb) }));
  const read = [...new Set(priced.flatMap((run) => run.cost.lines.map((line) => line.read)))].sort();
  return { createdAt: new Date().toISOString(), workload, prices: { version: prices.version, read }, runs: priced };
}

const money = (dollars: number) => (dollars === 0 ? '0' : dollars < 0.01 ? dollars.toExponential(2) : dollars.toFixed(2));

/** Lays rows out in columns (first column left-aligned, the others right-aligned). */
export function columns(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows.map((row) => row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  '));
}

/** The terminal report: one comparison row per backend, then each backend's actions and units. */
export function formatReport(report: BenchReport): string[] {
  const lines = [`kumo bench — workload ${report.workload.name}: ${report.workload.description}`, `prices: table ${report.prices.version} (read ${report.prices.read.join(', ') || '—'}); $ per million player actions, no free tier`, ''];
  lines.push(
    ...columns([
      ['backend', 'measured on', 'queue', ...MEASURED_HEADERS, 'store $/M', 'queue $/M', 'push $/M', 'compute $/M', 'total $/M'],
      ...report.runs.map((run) => [
        run.backend,
        run.measuredOn,
        run.queueOn,
        ...measuredCells(run),
        ...(['store', 'queue', 'push', 'compute', 'total'] as const).map((part) => money(run.cost.perMillionActions[part])),
      ]),
    ]),
  );
  for (const run of report.runs) {
    lines.push('', `${run.backend} (${run.measuredOn}; queue ${run.queueOn}; push in-process; ${run.mode}${run.targetRate ? ` at ${run.targetRate}/s` : ''}, ${run.concurrency} in flight, ${run.seconds} s; jobs run: ${run.jobs.handled})`);
    lines.push(
      ...columns([
        ['action', ...MEASURED_HEADERS, 'refusals', 'units'],
        ...run.actions.map((action) => [
          action.name,
          ...measuredCells(action),
          String(Object.values(action.refusals).reduce((sum, count) => sum + count, 0)),
          unitsText(flatUnits(action.units), action.ops),
        ]),
        ['(queued jobs)', String(run.jobs.handled), '', '', '', '', String(run.jobs.conflicts), String(run.jobs.throttles), '', '', '', unitsText(flatUnits(run.jobs.units), run.ops)],
      ]),
    );
    if (run.caveat) lines.push(`note: ${run.caveat}`);
    if (run.jobs.drainTimedOut) lines.push('note: the queues were still busy when the drain gave up: the jobs\' units are short');
    if (run.cost.unpriced.length > 0) lines.push(`counted, not priced on ${run.pricedAs}: ${run.cost.unpriced.join(', ')}`);
  }
  lines.push('', 'compute $/M: one function invocation per action and per job × the service time measured here × function memory: on an emulator, that time is this machine\'s, not the cloud\'s.');
  return lines;
}

/** Units per action, e.g. `store.writeCapacityUnits 4.2/op`. */
function unitsText(units: Record<string, number>, ops: number): string {
  return Object.entries(units)
    .filter(([unit]) => !unit.endsWith('.bytes'))
    .map(([unit, amount]) => `${unit} ${(amount / Math.max(ops, 1)).toFixed(2)}/op`)
    .join(', ');
}

/** Columns of what a run measured, overall or per action. */
const MEASURED_HEADERS = ['ops', 'ops/s', 'p50 ms', 'p95 ms', 'p99 ms', 'conflicts', 'throttles', 'retries', 'errors'];

/** The cells under `MEASURED_HEADERS`. */
function measuredCells(measured: Measured): string[] {
  const { p50, p95, p99 } = measured.latency;
  return [String(measured.ops), measured.opsPerSecond.toFixed(1), ...[p50, p95, p99].map((ms) => ms.toFixed(1)), ...[measured.conflicts, measured.throttles, measured.retries, measured.errors].map(String)];
}
