import { LEDGER_DELAY_SECONDS, type JobRunner } from '@kumo/core';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** How the queued jobs went: how many ran, for how long, and whether the drain gave up with jobs left. */
export interface JobsRun {
  handled: number;
  busySeconds: number;
  drainTimedOut: boolean;
}

/**
 * The drain ends once no job has come for this long: longer than the longest delay an action gives
 * its jobs (the wallet ledger's, 5 s; a retried job's backoff is 1 s), so that the jobs of the last
 * actions run and count.
 */
const QUIET_MS = LEDGER_DELAY_SECONDS * 1000 + 2_500;

/** How a bench's job worker polls: how long it sleeps when a poll found nothing, and how long the drain may take. */
export interface WorkerOptions {
  idleMs?: number;
  drainSeconds?: number;
}

/**
 * Core's job runner polling every queue while the actions run (sleeping `idleMs`, default 50,
 * after a poll that found nothing); `drain` stops it, then polls until no job has come for
 * `QUIET_MS` or `drainSeconds` (default 300) passed. Counts jobs and the time spent running them.
 */
export function startWorker(jobs: JobRunner, { idleMs = 50, drainSeconds = 300 }: WorkerOptions = {}): { drain(): Promise<JobsRun> } {
  let running = true;
  let handled = 0;
  let busyMs = 0;
  const poll = async () => {
    const begun = performance.now();
    const count = await jobs.poll(0).catch(() => 0);
    if (count > 0) busyMs += performance.now() - begun;
    handled += count;
    return count;
  };
  const loop = (async () => {
    while (running) if ((await poll()) === 0) await sleep(idleMs);
  })();
  return {
    async drain() {
      running = false;
      await loop;
      const until = Date.now() + drainSeconds * 1000;
      let lastJob = Date.now();
      while (Date.now() - lastJob < QUIET_MS && Date.now() < until) {
        if ((await poll()) > 0) lastJob = Date.now();
        else await sleep(200);
      }
      return { handled, busySeconds: busyMs / 1000, drainTimedOut: Date.now() >= until };
    },
  };
}
