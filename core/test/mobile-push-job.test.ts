import { describe, expect, it } from 'vitest';
import { MOBILE_PUSH_BATCH, MOBILE_PUSH_QUEUE, mobilePushJob, Notifier } from '../src/push/notifier';
import type { MobilePush, Push, PushEvent } from '../src/ports/push';
import type { Queue, SendOptions } from '../src/ports/queue';

/** A queue that only records what is sent to it. */
class SentJobs implements Pick<Queue, 'send'> {
  readonly jobs: Array<{ queue: string; body: unknown; options?: SendOptions }> = [];
  async send(queue: string, body: unknown, options?: SendOptions): Promise<void> {
    this.jobs.push({ queue, body: structuredClone(body), options });
  }
}

/** Live push where only `online` users are connected. */
const livePush = (online: string[]): Pick<Push, 'publish'> => ({
  publish: async (userId) => (online.includes(userId) ? 'delivered' : 'offline'),
});

/** Mobile push that records each send and fails for the users in `failing`. */
class FlakyMobilePush implements MobilePush {
  readonly sent: string[] = [];
  constructor(readonly failing = new Set<string>()) {}
  async send(userId: string): Promise<void> {
    if (this.failing.has(userId)) throw new Error(`push to ${userId} failed`);
    this.sent.push(userId);
  }
}

const event: PushEvent = { type: 'chat.message', data: { text: 'hi' } };

describe('mobile push jobs', () => {
  it('queues one job for the offline recipients of one event, in batches, and none for the online', async () => {
    const queue = new SentJobs();
    const users = Array.from({ length: MOBILE_PUSH_BATCH * 2 + 50 }, (_, i) => `u${i}`);
    const outcomes = await new Notifier(livePush(['u1']) as Push, queue as unknown as Queue).notifyAll(users, event);
    expect(outcomes.filter((outcome) => outcome === 'delivered')).toHaveLength(1);
    expect(outcomes[1]).toBe('delivered');
    expect(queue.jobs.map((job) => job.queue)).toEqual([MOBILE_PUSH_QUEUE, MOBILE_PUSH_QUEUE, MOBILE_PUSH_QUEUE]);
    const queued = queue.jobs.flatMap((job) => (job.body as { userIds: string[] }).userIds);
    expect(queued).toEqual(users.filter((user) => user !== 'u1'));
  });

  it('notifies every user of a job once; when some pushes fail, only those users are queued again, after a backoff', async () => {
    const queue = new SentJobs();
    const mobile = new FlakyMobilePush(new Set(['b']));
    await mobilePushJob(mobile, queue)({ userIds: ['a', 'b', 'c'], event });
    expect(mobile.sent).toEqual(['a', 'c']);
    expect(queue.jobs).toEqual([{ queue: MOBILE_PUSH_QUEUE, body: { userIds: ['b'], event, resends: 1 }, options: { delaySeconds: 1 } }]);
    mobile.failing.clear();
    await mobilePushJob(mobile, queue)(queue.jobs[0]!.body);
    expect(mobile.sent).toEqual(['a', 'c', 'b']);
  });

  it('fails the job when every push failed or it was queued again too often, so the queue retries and dead-letters it', async () => {
    const queue = new SentJobs();
    const mobile = new FlakyMobilePush(new Set(['a', 'b']));
    await expect(mobilePushJob(mobile, queue)({ userIds: ['a', 'b'], event })).rejects.toThrow('push to a failed');
    await expect(mobilePushJob(mobile, queue)({ userIds: ['a', 'c'], event, resends: 5 })).rejects.toThrow('push to a failed');
    expect(queue.jobs).toEqual([]);
  });

  it('still handles the one-user jobs that earlier versions queued', async () => {
    const mobile = new FlakyMobilePush();
    await mobilePushJob(mobile, new SentJobs())({ userId: 'legacy', event });
    expect(mobile.sent).toEqual(['legacy']);
  });
});
