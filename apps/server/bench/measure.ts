/** Latency percentiles and throughput of a batch of timed operations. */
export interface Figures {
  ops: number;
  seconds: number;
  perSecond: number;
  p50ms: number;
  p99ms: number;
}

/** Runs `op` `total` times with at most `concurrency` in flight, timing each. */
export async function measure(total: number, concurrency: number, op: (i: number) => Promise<unknown>): Promise<Figures> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < total) {
      const i = next++;
      const t0 = performance.now();
      await op(i);
      latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => Math.round(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]! * 100) / 100;
  return { ops: total, seconds: Math.round(seconds * 1000) / 1000, perSecond: Math.round(total / seconds), p50ms: at(0.5), p99ms: at(0.99) };
}
