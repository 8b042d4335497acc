/** How many actions a bench starts, and when. */
export interface SchedulePlan {
  /** Actions to start; or start them until `durationSeconds` passed. */
  ops?: number;
  durationSeconds?: number;
  /** Actions in flight at once (closed loop), or the most in flight at a fixed `rate`. */
  concurrency: number;
  /** Fixed target rate, actions per second: action n is meant to start at `started + n / rate` s. */
  rate?: number;
}

/** When one action was meant to start, started and ended (`performance.now()` ms), and what it took. */
export interface ActionTiming {
  /** Place of the action in the schedule, from 0. */
  index: number;
  /** When the schedule meant it to start: at a fixed rate its slot, closed-loop when it began. */
  intended: number;
  begun: number;
  ended: number;
  /** From the intended start to the end: what a player waiting on a fixed-rate schedule sees (coordinated-omission corrected). */
  latencyMs: number;
  /** From the start to the end: the time the action ran. */
  serviceMs: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `act` on the plan's schedule from `started`: closed loop, `concurrency` runners each start
 * the next action when theirs ends; at a fixed `rate`, action n is meant to start at
 * `started + n × 1000 / rate` ms and starts then, or as soon as a runner is free if all
 * `concurrency` are busy. Latency counts from the intended start, so an action queued behind a slow
 * one is charged for its wait (as YCSB's "intended" latency): a stall cannot hide the actions it
 * held back. Calls `done` with each action's result and timing as it ends.
 */
export async function runSchedule<T>(plan: SchedulePlan, started: number, act: (index: number) => Promise<T>, done: (result: T, timing: ActionTiming) => void): Promise<void> {
  const deadline = plan.durationSeconds === undefined ? Infinity : started + plan.durationSeconds * 1000;
  let issued = 0;
  const more = () => (plan.ops === undefined || issued < plan.ops) && performance.now() < deadline;
  const runner = async () => {
    while (more()) {
      const index = issued++;
      const slot = plan.rate ? started + (index * 1000) / plan.rate : undefined;
      // Timers run on the event loop's cached clock and may wake a little early: wait until the slot.
      while (slot !== undefined && slot > performance.now()) await sleep(Math.ceil(slot - performance.now()));
      const begun = performance.now();
      const result = await act(index);
      const ended = performance.now();
      const intended = slot ?? begun;
      done(result, { index, intended, begun, ended, latencyMs: ended - intended, serviceMs: ended - begun });
    }
  };
  await Promise.all(Array.from({ length: plan.concurrency }, runner));
}
