import { resolve, SERVICES } from '@kumo/core';
import type { ServiceContext } from './context';

/**
 * Runs queued jobs (fan-outs, timeouts, then the mobile pushes of offline players) until `done`
 * holds or `timeoutMs` passes. Polls without long-poll waits, so that many registered queues do
 * not each add a wait to every round.
 */
export async function pollJobsUntil(context: ServiceContext, done: () => boolean | Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const jobs = resolve(context.container(), SERVICES.Jobs);
  const deadline = Date.now() + timeoutMs;
  while (!(await done()) && Date.now() < deadline) {
    if ((await jobs.poll(0)) === 0) await new Promise((wake) => setTimeout(wake, 50));
  }
}
