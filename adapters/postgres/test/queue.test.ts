import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Conflict } from '@kumo/core';
import { describeQueue, receiveAtLeast, unique } from '@kumo/conformance';
import { PostgresQueue, PostgresStore, type Database } from '../src/index';
import { engines } from './engines';

for (const engine of engines()) {
  describe.skipIf(engine.skip)(engine.name, () => {
    describeQueue(
      `postgres on ${engine.name} (effects on the same database's store)`,
      async (settings) => {
        const database = await engine.open();
        return { queue: new PostgresQueue(database, settings), close: () => database.close() };
      },
      async (clock) => {
        const database = await engine.open();
        return { store: new PostgresStore(database, { clock }), close: () => database.close() };
      },
    );

    describe('a job enqueued in the same transaction as the write that caused it', () => {
      let database: Database;
      let store: PostgresStore;
      let queue: PostgresQueue;
      beforeAll(async () => {
        database = await engine.open();
        store = new PostgresStore(database);
        queue = new PostgresQueue(database);
      });
      afterAll(() => database.close());
      const commitAndSend = (p: string, version: number | null, n: number) =>
        store.commitWith([{ type: 'put', partition: p, key: 'order', version, value: { n } }], (tx) => queue.sendIn(tx, p, { n }));

      it('exists exactly when the write landed', async () => {
        const p = unique('outbox');
        await commitAndSend(p, null, 1);
        await expect(commitAndSend(p, null, 2)).rejects.toBeInstanceOf(Conflict);
        const messages = await receiveAtLeast(queue, p, 1, 3_000);
        expect(messages.map((m) => m.body)).toEqual([{ n: 1 }]);
        expect(await queue.receive(p, { waitSeconds: 1 })).toEqual([]);
        expect(await store.get(p, 'order')).toMatchObject({ version: 1, value: { n: 1 } });
      });
    });
  });
}
