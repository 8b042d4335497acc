import { describe, expect, it } from 'vitest';
import { OffsetClock, unique } from '@kumo/conformance';
import {
  coreModule,
  createContainer,
  DEAD_LETTER_TTL_MS,
  deadLetterQueueName,
  MARKER_TTL_MS,
  resolve,
  runOnce,
  SERVICES,
  STORE_SWEEP_QUEUE,
  userPartition,
} from '@kumo/core';
import { createMemoryPorts, memoryModule } from '../src/index';

const secrets = { get: (name: string) => `test-${name}-0123456789abcdef` };
const DAY = 24 * 3600_000;

describe('documents that only guard idempotency or wait for an admin stop piling up (Store TTL)', () => {
  it('removes processed-job markers and dead letters after their expiry through the store sweep job, keeping the effects', async () => {
    const clock = new OffsetClock();
    const ports = createMemoryPorts({ clock });
    const container = createContainer(memoryModule(ports), coreModule({ clock, secrets }));
    const runner = resolve(container, SERVICES.Jobs);
    const store = ports.store;
    const partition = userPartition(unique('u'));
    const jobs = Array.from({ length: 50 }, (_, i) => `job-${i}`);
    for (const jobId of jobs) await runOnce(store, partition, jobId, async (tx) => tx.put(partition, `effect:${jobId}`, { jobId }), clock);
    const queue = unique('q');
    await ports.queue.send(deadLetterQueueName(queue), { broken: true });
    expect(await resolve(container, SERVICES.DeadLetters).collect(queue)).toBe(1);
    expect(store.size()).toBe(101);

    clock.advance(MARKER_TTL_MS - DAY);
    expect(await runOnce(store, partition, 'job-0', async () => expect.fail('a marker within its time must still hold'), clock)).toBe(false);
    expect(DEAD_LETTER_TTL_MS).toBeLessThan(MARKER_TTL_MS - DAY);
    expect((await resolve(container, SERVICES.DeadLetters).list(queue)).deadLetters).toEqual([]);

    clock.advance(2 * DAY);
    await ports.queue.send(STORE_SWEEP_QUEUE, {});
    expect(await runner.poll()).toBe(1);
    expect(store.size()).toBe(50);
    expect((await store.query(partition, { limit: 1000 })).items.map((doc) => doc.key).sort()).toEqual(jobs.map((jobId) => `effect:${jobId}`).sort());
  });
});
