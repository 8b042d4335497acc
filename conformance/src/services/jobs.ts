import { expect, it } from 'vitest';
import { createApp, JobRunner, PORTS, resolve, runOnce, SERVICES, userPartition } from '@kumo/core';
import { unique } from '../unique';
import type { ServiceScenarios } from './context';

interface GrantJob {
  jobId: string;
  userId: string;
  amount: number;
}

const COUNTER = 'jobs-test:granted';

/** The job queue: retries with backoff, the dead-letter list an admin reads and replays, idempotent jobs. */
export const jobsScenarios: ServiceScenarios = ({ container }) => {
  /** A grant job that adds `amount` to a counter in the user's partition once per job id. */
  const grant = async (job: GrantJob) => {
    const store = resolve(container(), PORTS.Store);
    return runOnce(store, userPartition(job.userId), job.jobId, async (tx) => {
      const doc = await tx.get<{ total: number }>(userPartition(job.userId), COUNTER);
      tx.put(userPartition(job.userId), COUNTER, { total: (doc?.value.total ?? 0) + job.amount });
    });
  };
  const granted = async (userId: string) => (await resolve(container(), PORTS.Store).get<{ total: number }>(userPartition(userId), COUNTER))?.value.total ?? 0;

  it('retries a failing job with backoff, dead-letters it after maxAttempts, lists it for the admin, replays it and applies it once', async () => {
    const queue = resolve(container(), PORTS.Queue);
    const app = createApp(container(), { accessLog: () => {} });
    const admin = (await resolve(container(), SERVICES.Tokens).issue({ userId: 'admin', role: 'admin' })).token;
    const call = async (method: string, path: string, body?: unknown) => {
      const response = await app.request(path, { method, headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
      return { status: response.status, body: (await response.json()) as { deadLetters: Array<{ id: string; body: unknown }>; replayed?: string[] } };
    };
    const q = unique('grants');
    const deliveries: number[] = [];
    const backoffs: number[] = [];
    let downstreamUp = false;
    const runner = new JobRunner(queue, { backoff: (attempts) => (backoffs.push(attempts), 1) });
    runner.register(q, async (body) => {
      deliveries.push(deliveries.length + 1);
      if (!downstreamUp) throw new Error('downstream unavailable');
      await grant(body as GrantJob);
    });
    const userId = unique('u');
    await queue.send(q, { jobId: 'grant-1', userId, amount: 5 } satisfies GrantJob);

    let listed: Array<{ id: string; body: unknown }> = [];
    for (const deadline = Date.now() + 60_000; listed.length === 0 && Date.now() < deadline; ) {
      await runner.poll(1);
      listed = (await call('GET', `/v1/admin/jobs/${q}/dead-letters`)).body.deadLetters;
    }
    expect(listed).toMatchObject([{ body: { jobId: 'grant-1', userId, amount: 5 }, queue: q }]);
    expect(deliveries.length).toBeGreaterThanOrEqual(Math.max(2, queue.capabilities.minMaxAttempts));
    expect(backoffs).toEqual(deliveries);
    expect(await granted(userId)).toBe(0);

    downstreamUp = true;
    expect((await call('POST', `/v1/admin/jobs/${q}/dead-letters/replay`, {})).body).toEqual({ replayed: [listed[0]!.id] });
    for (const deadline = Date.now() + 20_000; (await granted(userId)) === 0 && Date.now() < deadline; ) await runner.poll(1);
    expect(await granted(userId)).toBe(5);
    expect((await call('GET', `/v1/admin/jobs/${q}/dead-letters`)).body.deadLetters).toEqual([]);
  }, 120_000);

  it('applies a job delivered twice, and run five times at once, exactly once', async () => {
    const queue = resolve(container(), PORTS.Queue);
    const userId = unique('u');
    const job: GrantJob = { jobId: 'grant-2', userId, amount: 7 };
    const outcomes = await Promise.all(Array.from({ length: 5 }, () => grant(job)));
    expect(outcomes.filter(Boolean)).toHaveLength(1);

    const q = unique('grants');
    const runner = new JobRunner(queue);
    let handled = 0;
    runner.register(q, async (body) => {
      await grant(body as GrantJob);
      handled++;
    });
    const again: GrantJob = { jobId: 'grant-3', userId, amount: 3 };
    await queue.send(q, again);
    await queue.send(q, again);
    for (const deadline = Date.now() + 20_000; handled < 2 && Date.now() < deadline; ) await runner.poll(1);
    expect(handled).toBe(2);
    expect(await granted(userId)).toBe(10);
  }, 60_000);
};
