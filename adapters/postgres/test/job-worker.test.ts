import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JobRunner, JobWorker } from '@kumo/core';
import { unique } from '@kumo/conformance';
import { PostgresQueue, type Database } from '../src/index';
import { engines } from './engines';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

for (const engine of engines()) {
  describe.skipIf(engine.skip)(`JobWorker on the PostgreSQL queue (${engine.name})`, () => {
    let database: Database;
    beforeAll(async () => {
      database = await engine.open();
    });
    afterAll(() => database.close());

    it('is woken by a send (NOTIFY) instead of waiting for its next poll, also for a send of another instance', async () => {
      const name = unique('wake');
      const worker = new PostgresQueue(database);
      const sender = new PostgresQueue(database);
      const runner = new JobRunner(worker);
      const handled: Array<{ n: number; at: number }> = [];
      runner.register(name, async (body) => void handled.push({ n: (body as { n: number }).n, at: Date.now() }));
      const jobs = new JobWorker(runner, worker, { maxIdleMs: 10_000 });
      jobs.start();
      try {
        // Idle for 5 s, the loop has backed off to one receive every 4,096 ms: the next one is due at about 8.2 s.
        await sleep(5_000);
        const sentAt = Date.now();
        await sender.send(name, { n: 1 });
        while (handled.length < 1 && Date.now() - sentAt < 6_000) await sleep(5);
        expect(handled.map((h) => h.n)).toEqual([1]);
        expect(handled[0]!.at - sentAt).toBeLessThan(1_000);

        // A delayed message notifies nothing; the backoff still picks it up.
        await sender.send(name, { n: 2 }, { delaySeconds: 1 });
        await sleep(50);
        expect(handled).toHaveLength(1);
      } finally {
        await jobs.stop();
      }
    }, 30_000);
  });
}
