import type { JobRunner } from '@kumo/core';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Core's job runner polling every queue until drained; counts jobs and the time spent running them. */
export function startWorker(jobs: JobRunner): { drain(): Promise<{ handled: number; busySeconds: number }> } {
  let running = true;
  let handled = 0;
  let busyMs = 0;
  let idlePolls = 0;
  const poll = async () => {
    const begun = performance.now();
    const count = await jobs.poll(0).catch(() => 0);
    if (count > 0) busyMs += performance.now() - begun;
    handled += count;
    return count;
  };
  const loop = (async () => {
    while (running) if ((await poll()) === 0) await sleep(50);
  })();
  return {
    async drain() {
      running = false;
      await loop;
      const until = Date.now() + 15_000;
      while (idlePolls < 3 && Date.now() < until) {
        if ((await poll()) === 0) {
          idlePolls++;
          await sleep(200);
        } else idlePolls = 0;
      }
      return { handled, busySeconds: busyMs / 1000 };
    },
  };
}
