/**
 * The machine's stalls and what they do to a p99: how often the running thread is stopped by
 * something that is neither Kumo's nor Node's (the hypervisor, another tenant, an interrupt), and
 * the p99 ratio those stops alone give operations as long as a timed case's. An operation of d µs
 * is stopped with a probability of about d × (stops per second), so once that passes 1% its p99
 * holds a stop: a longer operation is stopped more often, and its p99 grows although nothing in it
 * got slower.
 */
import { interleaved, median, quantile, timedRows, type SizeFigures, type TimedRow, type TimingPlan } from './scale-timing';

/** How often the thread was stopped, and for how long. */
export interface MachineStalls {
  perSecond: number;
  medianUs: number;
  p90Us: number;
  maxUs: number;
}

/** A gap between two reads of the clock longer than this is a stop (a read takes well under a microsecond). */
const MIN_STALL_MS = 0.01;
/** The busy loop's warm-up, not counted. */
const WARMUP_MS = 500;
/** Timed calls of `work` per step of its calibration, and the steps. */
const CALIBRATION_CALLS = 301;
const CALIBRATION_STEPS = 4;

/** Gaps longer than `MIN_STALL_MS` between reads of the clock in a busy loop of `ms`, in ms. */
function clockGaps(ms: number): number[] {
  const gaps: number[] = [];
  const start = performance.now();
  let last = start;
  while (last - start < ms) {
    const now = performance.now();
    if (now - last > MIN_STALL_MS) gaps.push(now - last);
    last = now;
  }
  return gaps;
}

/**
 * Reads the clock in a busy loop for `ms`: every gap longer than `MIN_STALL_MS` is a stop. A first
 * loop of `WARMUP_MS` is not counted: until the loop runs optimized, it allocates, and the
 * collections of a process with a large heap would be counted as stops.
 */
export function machineStalls(ms = 2000): MachineStalls {
  clockGaps(WARMUP_MS);
  const gaps = clockGaps(ms).sort((a, b) => a - b);
  const at = (q: number) => (gaps.length === 0 ? 0 : Math.round(quantile(gaps, q) * 1000));
  return { perSecond: Math.round((gaps.length * 1000) / ms), medianUs: at(0.5), p90Us: at(0.9), maxUs: at(1) };
}

/** Fixed CPU work: `iterations` steps of a xorshift, whose result is returned so that none can be skipped. */
function work(iterations: number): number {
  let x = 88_675_123;
  for (let i = 0; i < iterations; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
  }
  return x;
}

/** The median duration of `work(iterations)` over `CALIBRATION_CALLS` calls, in ms. */
function medianWork(iterations: number): number {
  const durations: number[] = [];
  for (let call = 0; call < CALIBRATION_CALLS; call++) {
    const started = performance.now();
    work(iterations);
    durations.push(performance.now() - started);
  }
  return median(durations);
}

/** Iterations of `work` whose median call lasts `ms`, found by a few proportional steps (as the calls are made later, not as one long loop). */
function iterationsFor(ms: number): number {
  let iterations = 1000;
  for (let step = 0; step < CALIBRATION_STEPS; step++) iterations = Math.max(1, Math.round((iterations * ms) / Math.max(medianWork(iterations), 0.0001)));
  return iterations;
}

/**
 * Rows of fixed CPU work as long as each size's p50 in `figures` (a timed case's), timed side by
 * side as the cases are: the p99 ratio this machine's stops alone give operations that long, with
 * no tail of their own. A case whose p99 ratio is near this floor's misses its target by its p50.
 */
export async function fixedWorkRows(label: string, figures: readonly SizeFigures[], plan: TimingPlan): Promise<TimedRow[]> {
  const iterations = new Map(figures.map((f) => [f.n, iterationsFor(f.p50ms)]));
  const rows = await interleaved(
    figures.map((f) => f.n),
    plan,
    async (n) => work(iterations.get(n)!),
  );
  return timedRows(label, rows, null);
}
