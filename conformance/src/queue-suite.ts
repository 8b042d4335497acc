import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deadLetterQueueName, runOnce, systemClock, type Message, type Queue, type QueueSettings, type Store } from '@kumo/core';
import { FaultyQueue } from './faults/queue';
import { FaultSchedule, InjectedFault } from './faults/schedule';
import type { StoreFactory } from './store-suite';
import { unique } from './unique';
import { waitFor } from './wait-for';

/**
 * Creates the queue under test with the given settings. Adapters whose backend has a higher
 * floor for `maxAttempts` use it and declare it as `capabilities.minMaxAttempts`.
 */
export type QueueFactory = (settings: QueueSettings) => Promise<Queue | { queue: Queue; close(): Promise<void> }>;

/** Receives until `count` messages arrived or `timeoutMs` passed. */
export async function receiveAtLeast(queue: Queue, name: string, count: number, timeoutMs = 10_000, visibilityTimeoutSeconds?: number): Promise<Message[]> {
  const got: Message[] = [];
  const deadline = Date.now() + timeoutMs;
  while (got.length < count && Date.now() < deadline) {
    got.push(...(await queue.receive(name, { max: 10, waitSeconds: 1, visibilityTimeoutSeconds })));
  }
  return got;
}

/** Grants the coins of a job message to `p/wallet` once per job id (core's `runOnce`); false for a duplicate. */
const grant = (store: Store, p: string, message: Message) => {
  const { jobId, coins } = message.body as { jobId: string; coins: number };
  return runOnce(store, p, jobId, async (tx) => {
    tx.put(p, 'wallet', { coins: ((await tx.get<{ coins: number }>(p, 'wallet'))?.value.coins ?? 0) + coins });
  });
};

/**
 * The Queue port's contract, run against one adapter with 2-second visibility timeouts. With
 * `effects` (the same adapter's store), it also shows that a handler's effect runs once when a
 * message is delivered twice or its consumer dies before acking (through core's `runOnce`).
 */
export function describeQueue(name: string, factory: QueueFactory, effects?: StoreFactory): void {
  describe(`Queue conformance: ${name}`, () => {
    let queue: Queue;
    let store: Store | undefined;
    const closers: Array<() => Promise<void>> = [];
    const settings: QueueSettings = { maxAttempts: 2, visibilityTimeoutSeconds: 2 };

    beforeAll(async () => {
      const made = await factory(settings);
      if ('queue' in made) {
        queue = made.queue;
        closers.push(() => made.close());
      } else queue = made;
      const madeStore = await effects?.(systemClock);
      if (madeStore && 'store' in madeStore) {
        store = madeStore.store;
        closers.push(() => madeStore.close());
      } else store = madeStore;
    });
    afterAll(async () => {
      for (const close of closers) await close();
    });

    it('delivers a sent message once and not again after ack', async () => {
      const q = unique('deliver');
      await queue.send(q, { job: 'grant', amount: 5, nested: { ok: true } });
      const [message] = await receiveAtLeast(queue, q, 1);
      expect(message).toMatchObject({ body: { job: 'grant', amount: 5, nested: { ok: true } }, attempts: 1 });
      await queue.ack(q, message!);
      await new Promise((resolve) => setTimeout(resolve, (settings.visibilityTimeoutSeconds + 1) * 1000));
      expect(await queue.receive(q, { waitSeconds: 1 })).toEqual([]);
    }, 30_000);

    it('redelivers a message that is not acked after its visibility timeout, counting attempts', async () => {
      const q = unique('redeliver');
      await queue.send(q, { n: 1 });
      const [first] = await receiveAtLeast(queue, q, 1);
      expect(first?.attempts).toBe(1);
      expect(await queue.receive(q)).toEqual([]);
      const [second] = await receiveAtLeast(queue, q, 1, 15_000);
      expect(second).toMatchObject({ id: first!.id, body: { n: 1 }, attempts: 2 });
      await queue.ack(q, second!);
    }, 30_000);

    it('moves a message to the dead-letter queue after maxAttempts deliveries', async () => {
      const q = unique('dead');
      const maxAttempts = Math.max(settings.maxAttempts, queue.capabilities.minMaxAttempts);
      await queue.send(q, { poison: true });
      const deliveries: number[] = [];
      const deadline = Date.now() + 20_000 + maxAttempts * 5_000;
      let dead: Message[] = [];
      while (dead.length === 0 && Date.now() < deadline) {
        for (const m of await queue.receive(q, { waitSeconds: 1, visibilityTimeoutSeconds: 1 })) deliveries.push(m.attempts);
        dead = await queue.receive(deadLetterQueueName(q), { waitSeconds: 0 });
      }
      expect(deliveries.length).toBe(maxAttempts);
      expect(deliveries.at(-1)).toBe(maxAttempts);
      expect(dead).toHaveLength(1);
      expect(dead[0]?.body).toEqual({ poison: true });
      await queue.ack(deadLetterQueueName(q), dead[0]!);
    }, 90_000);

    it('returns a message on retry after the given delay', async () => {
      const q = unique('retry');
      await queue.send(q, { n: 2 });
      const [first] = await receiveAtLeast(queue, q, 1);
      await queue.retry(q, first!, 1);
      const [again] = await receiveAtLeast(queue, q, 1, 10_000);
      expect(again).toMatchObject({ body: { n: 2 }, attempts: 2 });
      await queue.ack(q, again!);
    }, 30_000);

    it('holds a delayed message back until its delay has passed', async () => {
      const q = unique('delay');
      if (queue.capabilities.maxDelaySeconds < 2) return expect(queue.send(q, {}, { delaySeconds: 2 })).rejects.toThrow();
      const sentAt = Date.now();
      await queue.send(q, { late: true }, { delaySeconds: 2 });
      expect(await queue.receive(q)).toEqual([]);
      const [message] = await receiveAtLeast(queue, q, 1, 15_000);
      expect(Date.now() - sentAt).toBeGreaterThanOrEqual(1_500);
      expect(message?.body).toEqual({ late: true });
      await queue.ack(q, message!);
    }, 30_000);

    it('wakes an `onSent` listener (where offered) on a send without delay, also a deduplicated one, and only for its queue', async () => {
      if (!queue.onSent) return;
      const [q, other] = [unique('wake'), unique('wake-other')];
      const calls = { q: 0, other: 0 };
      const stops = [queue.onSent(q, () => calls.q++), queue.onSent(other, () => calls.other++)];
      try {
        const woken = await waitFor(async () => {
          await queue.send(q, { n: 1 }, { dedupeId: unique('d') });
          return calls.q > 0;
        }, 10_000);
        expect(woken).toBe(true);
        expect(calls.other).toBe(0);
        stops[0]!();
        const seen = calls.q;
        await queue.send(q, { n: 2 });
        await new Promise((resolve) => setTimeout(resolve, 300));
        expect(calls.q).toBe(seen);
      } finally {
        for (const stop of stops) stop();
      }
    }, 30_000);

    it('drops a second send with the same dedupe id', async () => {
      const q = unique('dedupe');
      await queue.send(q, { n: 1 }, { dedupeId: 'receipt-1' });
      await queue.send(q, { n: 1 }, { dedupeId: 'receipt-1' });
      await queue.send(q, { n: 2 }, { dedupeId: 'receipt-2' });
      const bodies: unknown[] = [];
      const deadline = Date.now() + 5_000;
      while (Date.now() < deadline) {
        for (const m of await queue.receive(q, { waitSeconds: 1 })) {
          bodies.push(m.body);
          await queue.ack(q, m);
        }
      }
      const expected = queue.capabilities.dedupeWindowSeconds > 0 ? [{ n: 1 }, { n: 2 }] : [{ n: 1 }, { n: 1 }, { n: 2 }];
      expect(bodies).toEqual(expect.arrayContaining(expected));
      expect(bodies).toHaveLength(expected.length);
    }, 30_000);

    it('counts what a queue holds (visible and in flight) when it offers depth', async (context) => {
      if (!queue.depth) return context.skip();
      const q = unique('depth');
      expect(await queue.depth(q)).toBe(0);
      await queue.send(q, { n: 1 });
      await queue.send(q, { n: 2 });
      expect(await queue.depth(q)).toBe(2);
      const [first] = await receiveAtLeast(queue, q, 1);
      expect(await queue.depth(q)).toBe(2);
      await queue.ack(q, first!);
      expect(await queue.depth(q)).toBe(1);
    }, 30_000);

    it('keeps depth and wake-ups through the fault wrapper, exactly as the queue offers them', async () => {
      const faulty = new FaultyQueue(queue, new FaultSchedule({ seed: 1 }));
      expect(typeof faulty.depth).toBe(typeof queue.depth);
      expect(typeof faulty.onSent).toBe(typeof queue.onSent);
      if (faulty.depth) {
        const q = unique('faulty-depth');
        await faulty.send(q, { n: 1 });
        expect(await faulty.depth(q)).toBe(1);
      }
    });

    describe.skipIf(!effects)('under delivery faults, with the effects on the same adapter’s store', () => {
      it('runs the effect of a message delivered twice once', async () => {
        const q = unique('twice');
        const p = unique('effects');
        const schedule = new FaultSchedule({ seed: 5, rates: { duplicateDelivery: 1 }, limits: { duplicateDelivery: 1 } });
        const faulty = new FaultyQueue(queue, schedule);
        await faulty.send(q, { jobId: 'grant-1', coins: 5 });
        const outcomes: boolean[] = [];
        const deadline = Date.now() + 15_000;
        while (outcomes.length < 2 && Date.now() < deadline) {
          for (const message of await faulty.receive(q, { waitSeconds: 1 })) {
            outcomes.push(await grant(store!, p, message));
            await faulty.ack(q, message);
          }
        }
        expect(schedule.counts.duplicateDelivery).toBe(1);
        expect(outcomes).toEqual([true, false]);
        expect(await store!.get(p, 'wallet')).toMatchObject({ version: 1, value: { coins: 5 } });
      }, 30_000);

      it('redelivers a message whose consumer died before acking, and runs its effect once', async () => {
        const q = unique('crash');
        const p = unique('effects');
        const schedule = new FaultSchedule({ seed: 6, rates: { crashBeforeAck: 1 }, limits: { crashBeforeAck: 1 } });
        const faulty = new FaultyQueue(queue, schedule);
        await faulty.send(q, { jobId: 'grant-2', coins: 7 });
        const deliveries: Array<{ id: string; attempts: number; applied: boolean }> = [];
        let acked = false;
        const deadline = Date.now() + 20_000;
        while (!acked && Date.now() < deadline) {
          for (const message of await faulty.receive(q, { waitSeconds: 1 })) {
            deliveries.push({ id: message.id, attempts: message.attempts, applied: await grant(store!, p, message) });
            try {
              await faulty.ack(q, message);
              acked = true;
            } catch (error) {
              expect(error).toBeInstanceOf(InjectedFault);
              await faulty.retry(q, message, 0);
            }
          }
        }
        expect(schedule.counts.crashBeforeAck).toBe(1);
        expect(deliveries.map((d) => [d.attempts, d.applied])).toEqual([
          [1, true],
          [2, false],
        ]);
        expect(deliveries[1]!.id).toBe(deliveries[0]!.id);
        expect(await store!.get(p, 'wallet')).toMatchObject({ version: 1, value: { coins: 7 } });
      }, 40_000);
    });

    it('delivers each of 50 messages, with no loss, to concurrent consumers', async () => {
      const q = unique('many');
      await Promise.all(Array.from({ length: 50 }, (_, i) => queue.send(q, { i })));
      const seen = new Set<number>();
      const consume = async () => {
        const deadline = Date.now() + 20_000;
        while (seen.size < 50 && Date.now() < deadline) {
          for (const m of await queue.receive(q, { max: 10, waitSeconds: 1 })) {
            seen.add((m.body as { i: number }).i);
            await queue.ack(q, m);
          }
        }
      };
      await Promise.all([consume(), consume(), consume()]);
      expect(seen.size).toBe(50);
    }, 40_000);
  });
}
