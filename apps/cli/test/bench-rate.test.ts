import { describe, expect, it } from 'vitest';
import { runBench } from '../src/bench/run';
import { runSchedule, type ActionTiming } from '../src/bench/schedule';
import { loadWorkloads } from '../src/bench/workloads';

/** Runs until `ms` have passed on `performance.now()` (a timer may wake early; this may not). */
async function busyFor(ms: number): Promise<void> {
  const until = performance.now() + ms;
  while (performance.now() < until) await new Promise((resolve) => setTimeout(resolve, Math.ceil(until - performance.now())));
}

/** Runs `ops` actions on a schedule, the first taking `slowMs`, the others nothing; returns their timings by index. */
async function scheduled(plan: { ops: number; concurrency: number; rate?: number }, slowMs: number): Promise<{ started: number; timings: ActionTiming[] }> {
  const timings: ActionTiming[] = [];
  const started = performance.now();
  await runSchedule(plan, started, async (index) => (index === 0 ? busyFor(slowMs) : undefined), (_, timing) => timings.push(timing));
  return { started, timings: timings.sort((a, b) => a.index - b.index) };
}

const SLOW_MS = 200;

describe('kumo bench at a fixed rate: latency counts from the intended start', () => {
  it('charges the actions queued behind a slow one for their wait; service time leaves it out', async () => {
    const rate = 100;
    const slot = 1000 / rate;
    const { started, timings } = await scheduled({ ops: 12, concurrency: 1, rate }, SLOW_MS);
    expect(timings.map((timing) => timing.index)).toEqual([...Array(12).keys()]);
    for (const timing of timings) {
      expect(timing.intended).toBeCloseTo(started + timing.index * slot, 6);
      expect(timing.begun).toBeGreaterThanOrEqual(timing.intended);
      expect(timing.latencyMs).toBeCloseTo(timing.ended - timing.intended, 6);
      expect(timing.serviceMs).toBeCloseTo(timing.ended - timing.begun, 6);
      expect(timing.latencyMs).toBeGreaterThanOrEqual(timing.serviceMs);
    }
    // One runner: every action meant to start while the slow one ran waited for it to end.
    const slowEnd = timings[0]!.ended;
    const queued = timings.filter((timing) => timing.index > 0 && timing.intended < slowEnd);
    expect(queued).toHaveLength(11);
    for (const timing of queued) {
      expect(timing.begun).toBeGreaterThanOrEqual(slowEnd);
      expect(timing.latencyMs - timing.serviceMs).toBeGreaterThanOrEqual(slowEnd - timing.intended - 1e-6);
    }
    expect(timings[1]!.latencyMs - timings[1]!.serviceMs).toBeGreaterThanOrEqual(SLOW_MS - slot);
    // No action starts before its slot: the rate achieved cannot exceed the target.
    expect(timings.at(-1)!.begun - started).toBeGreaterThanOrEqual(11 * slot);
  });

  it('closed loop: an action starts when a runner is free, so its latency is its service time', async () => {
    const { timings } = await scheduled({ ops: 12, concurrency: 1 }, SLOW_MS);
    expect(timings).toHaveLength(12);
    for (const timing of timings) {
      expect(timing.intended).toBe(timing.begun);
      expect(timing.latencyMs).toBe(timing.serviceMs);
    }
  });

  it('kumo bench --rate on memory: every action counted once, no faster than the target', async () => {
    const casual = loadWorkloads().get('casual')!;
    const rate = 40;
    const ops = 60;
    const run = await runBench('memory', { workload: { ...casual, players: 8 }, ops, concurrency: 4, rate, seed: 3 });
    expect(run).toMatchObject({ mode: 'fixed-rate', targetRate: rate, ops });
    expect(run.actions.reduce((sum, action) => sum + action.ops, 0)).toBe(ops);
    expect(run.latency.count).toBe(ops);
    expect(run.timeline.reduce((sum, count) => sum + count, 0)).toBe(ops);
    // The last action starts at its slot, (ops - 1) / rate seconds in, or later.
    expect(run.seconds).toBeGreaterThanOrEqual((ops - 1) / rate - 0.001);
    expect(run.opsPerSecond).toBeLessThanOrEqual((rate * ops) / (ops - 1) + 0.01);
  });
});
