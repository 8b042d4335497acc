import { describe, expect, it } from 'vitest';
import { JobRunner, JobWorker } from '@kumo/core';
import { MemoryQueue } from '@kumo/adapter-memory';

describe('JobWorker: the local pull worker', () => {
  it('drains 500 jobs of two queues with at most 8 running at once, retries a failure, and stop waits for running jobs', async () => {
    const queue = new MemoryQueue({ maxAttempts: 3, visibilityTimeoutSeconds: 30 });
    const runner = new JobRunner(queue, { backoff: () => 0 });
    let running = 0;
    let peak = 0;
    const done = new Set<string>();
    let failedOnce = false;
    const handler = async (body: unknown) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setTimeout(resolve, 1));
      running--;
      const { id } = body as { id: string };
      if (id === 'a-7' && !failedOnce) {
        failedOnce = true;
        throw new Error('first try fails');
      }
      done.add(id);
    };
    runner.register('a', handler);
    runner.register('b', handler);
    for (let i = 0; i < 250; i++) {
      await queue.send('a', { id: `a-${i}` });
      await queue.send('b', { id: `b-${i}` });
    }
    const worker = new JobWorker(runner, queue, { concurrency: 8, maxIdleMs: 20 });
    worker.start();
    const deadline = Date.now() + 20_000;
    while (done.size < 500 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    await worker.stop();
    expect(done.size).toBe(500);
    expect(failedOnce).toBe(true);
    expect(peak).toBeLessThanOrEqual(8);
    expect(peak).toBeGreaterThan(1);
    expect(running).toBe(0);
    expect(await queue.receive('a')).toEqual([]);
  });
});
