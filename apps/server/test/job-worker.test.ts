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
    expect(worker.counts).toEqual({ succeeded: 500, failed: 1 });
    expect(worker.jobsRunning).toBe(0);
    expect(await queue.receive('a')).toEqual([]);
  });

  it('tells onError of a failing receive and keeps reading the queue', async () => {
    const queue = new MemoryQueue({ maxAttempts: 3, visibilityTimeoutSeconds: 30 });
    const runner = new JobRunner(queue);
    const done: string[] = [];
    runner.register('a', async (body) => void done.push((body as { id: string }).id));
    let failures = 1;
    const flaky = Object.assign(Object.create(queue) as MemoryQueue, {
      receive: (name: string, options?: { max?: number }) => (failures-- > 0 ? Promise.reject(new Error('link dropped')) : queue.receive(name, options)),
    });
    const errors: string[] = [];
    const worker = new JobWorker(runner, flaky, { maxIdleMs: 20, onError: (name, error) => errors.push(`${name}: ${(error as Error).message}`) });
    await queue.send('a', { id: 'x' });
    worker.start();
    const deadline = Date.now() + 5_000;
    while (done.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    await worker.stop();
    expect(errors).toEqual(['a: link dropped']);
    expect(done).toEqual(['x']);
    expect(worker.counts).toEqual({ succeeded: 1, failed: 0 });
  });
});
