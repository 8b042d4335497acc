/**
 * Timing of the scale benchmark: every size of a case measured side by side, in interleaved
 * rounds, with the ratio of each size's p50/p99 to the smallest size's, checked against a target.
 */

/** A timed case's figures at one size. */
export interface SizeFigures {
  n: number;
  p50ms: number;
  p99ms: number;
  /** Median over the blocks of (this size's p99 / the smallest size's p99 in the same block). */
  p99Ratio: number;
  p50Ratio: number;
}

/** How many operations each size runs, after how many warm-up ones, in how many blocks. */
export interface TimingPlan {
  ops: number;
  warmup: number;
  blocks: number;
}

const gc = (globalThis as { gc?: () => void }).gc;
/** How often `settle` samples the process's CPU time, how little of a sample counts as idle, and how many idle samples in a row it waits for. */
const SETTLE_STEP_MS = 100;
const IDLE_CPU_SHARE = 0.1;
const IDLE_SAMPLES = 10;
/** The longest `settle` waits. */
const SETTLE_MAX_MS = 30_000;

/**
 * Waits until the process has been idle for `IDLE_SAMPLES` samples in a row (each sample's CPU
 * time, every thread, below `IDLE_CPU_SHARE` of it), at most `SETTLE_MAX_MS`. A forced full
 * collection returns before V8 has swept the heap; on a large heap (a board of ten million) its
 * background threads then work for seconds, taking cores and memory bandwidth from the timed
 * operations, and the slowest 1% of the big board's reads would measure them.
 */
export async function settle(): Promise<void> {
  const deadline = performance.now() + SETTLE_MAX_MS;
  for (let idle = 0; idle < IDLE_SAMPLES && performance.now() < deadline; ) {
    const before = process.cpuUsage();
    await new Promise((resolve) => setTimeout(resolve, SETTLE_STEP_MS));
    const used = process.cpuUsage(before);
    idle = used.user + used.system < IDLE_CPU_SHARE * SETTLE_STEP_MS * 1000 ? idle + 1 : 0;
  }
}

/** The q-quantile of sorted latencies. */
export const quantile = (sorted: readonly number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
/** The median of values in any order. */
export const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const round = (ms: number) => Math.round(ms * 1000) / 1000;

/**
 * Times `op` at every size: after `warmup` rounds, `ops` rounds each running the operation once
 * per size, in an order that rotates every round, so that load from other processes and garbage
 * collections fall on every size alike. The rounds are cut into `blocks` (before each, a full
 * collection when node runs with --expose-gc, then `settle`); the ratio to the smallest size is computed inside
 * each block and the median block's is kept, so one burst of noise cannot decide a ratio.
 * p50/p99 are over every timed operation.
 */
export async function interleaved(sizes: readonly number[], plan: TimingPlan, op: (size: number, i: number) => Promise<unknown>): Promise<SizeFigures[]> {
  for (let i = 0; i < plan.warmup; i++) for (const size of sizes) await op(size, i);
  const perBlock = Math.ceil(plan.ops / plan.blocks);
  const all = sizes.map(() => [] as number[]);
  const ratios = sizes.map(() => ({ p50: [] as number[], p99: [] as number[] }));
  for (let block = 0; block < plan.blocks; block++) {
    if (gc) {
      gc();
      await settle();
    }
    const latencies = sizes.map(() => [] as number[]);
    for (let r = 0; r < perBlock; r++) {
      const i = plan.warmup + block * perBlock + r;
      for (let k = 0; k < sizes.length; k++) {
        const index = (i + k) % sizes.length;
        const t0 = performance.now();
        await op(sizes[index]!, i);
        latencies[index]!.push(performance.now() - t0);
      }
    }
    for (const each of latencies) each.sort((a, b) => a - b);
    const [base50, base99] = [quantile(latencies[0]!, 0.5), quantile(latencies[0]!, 0.99)];
    for (const [index, each] of latencies.entries()) {
      ratios[index]!.p50.push(quantile(each, 0.5) / base50);
      ratios[index]!.p99.push(quantile(each, 0.99) / base99);
      all[index]!.push(...each);
    }
  }
  return sizes.map((n, index) => {
    const sorted = all[index]!.sort((a, b) => a - b);
    return { n, p50ms: round(quantile(sorted, 0.5)), p99ms: round(quantile(sorted, 0.99)), p50Ratio: median(ratios[index]!.p50), p99Ratio: median(ratios[index]!.p99) };
  });
}

/** A printed row: a case at one size, its ratio to the smallest size and whether it meets the target. */
export interface TimedRow {
  case: string;
  n: number;
  p50ms: number;
  p99ms: number;
  'p50 ×base': string;
  'p99 ×base': string;
  target: string;
  pass: string;
}

/**
 * Rows of one case: the smallest size is the base; every other size passes when its p99 ratio is
 * at most `maxP99Ratio`. A case with no target (null) is printed for comparison: a floor that
 * cases with targets build on.
 */
export function timedRows(label: string, figures: readonly SizeFigures[], maxP99Ratio: number | null): TimedRow[] {
  return figures.map((f, i) => {
    const row: TimedRow = {
      case: label,
      n: f.n,
      p50ms: f.p50ms,
      p99ms: f.p99ms,
      'p50 ×base': `${f.p50Ratio.toFixed(2)}×`,
      'p99 ×base': `${f.p99Ratio.toFixed(2)}×`,
      target: i === 0 ? 'base' : maxP99Ratio === null ? 'none (a floor)' : `p99 ≤ ${maxP99Ratio}×`,
      pass: i === 0 || maxP99Ratio === null ? '' : f.p99Ratio <= maxP99Ratio ? 'yes' : 'NO',
    };
    console.error(`${label} N=${f.n}: p50 ${f.p50ms} ms, p99 ${f.p99ms} ms, p99 ×base ${row['p99 ×base']} ${row.pass}`);
    return row;
  });
}
