import * as hdr from 'hdr-histogram-js';

/** Percentiles a report shows, and those its latency chart plots. */
export const CHART_PERCENTILES = [0, 50, 75, 90, 95, 99, 99.9, 100] as const;

/** A latency distribution summed up, in milliseconds. */
export interface LatencySummary {
  count: number;
  mean: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  /** `[percentile, ms]` at each of `CHART_PERCENTILES`. */
  percentiles: Array<[number, number]>;
}

/** An HdrHistogram of latencies (recorded in microseconds, 3 significant digits, up to 10 minutes). */
export class LatencyRecorder {
  private readonly histogram = hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 600_000_000, numberOfSignificantValueDigits: 3 });

  /** Records one latency in milliseconds. */
  record(ms: number): void {
    this.histogram.recordValue(Math.max(1, Math.round(ms * 1000)));
  }

  /** Adds another recorder's values (the overall distribution from the per-action ones). */
  add(other: LatencyRecorder): void {
    this.histogram.add(other.histogram);
  }

  /** The distribution in milliseconds. */
  summary(): LatencySummary {
    const at = (percentile: number) => (this.histogram.totalCount === 0 ? 0 : round(this.histogram.getValueAtPercentile(percentile) / 1000));
    return {
      count: this.histogram.totalCount,
      mean: round(this.histogram.totalCount === 0 ? 0 : this.histogram.mean / 1000),
      p50: at(50),
      p95: at(95),
      p99: at(99),
      max: round(this.histogram.maxValue / 1000),
      percentiles: CHART_PERCENTILES.map((percentile) => [percentile, at(percentile)]),
    };
  }
}

const round = (ms: number) => Math.round(ms * 100) / 100;
