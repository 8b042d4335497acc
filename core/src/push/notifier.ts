import type { MobilePush, Push, PushEvent } from '../ports/push';
import type { Queue } from '../ports/queue';
import type { JobHandler } from '../jobs/job-runner';

/** Queue of mobile notifications for users who were offline. */
export const MOBILE_PUSH_QUEUE = 'kumo-mobile-push';

/** How a notification went: straight to a live client, or queued for mobile push. */
export type NotifyOutcome = 'delivered' | 'queued';

/** Users one mobile push job carries at most (a fan-out page's offline members share one job). */
export const MOBILE_PUSH_BATCH = 100;
/** Times a job re-queues the users whose mobile push failed before it fails as a whole (and is retried, then dead-lettered). */
const MAX_RESENDS = 5;

/** A queued mobile notification for some users; `resends` counts re-queues of users whose push failed. */
interface MobilePushJob {
  userIds: string[];
  event: PushEvent;
  resends?: number;
}

/** The job of one user, as earlier versions queued it (still handled, so an upgrade loses none). */
interface SingleMobilePushJob {
  userId: string;
  event: PushEvent;
}

/** A queued release of a device the player no longer has registered (`MobilePush.releaseDevice`). */
interface DeviceReleaseJob {
  userId: string;
  release: { platform: 'fcm' | 'apns'; token: string };
}

/** Queues the release of what mobile push keeps for a removed device, on the mobile push queue. */
export function queueDeviceRelease(queue: Queue, userId: string, platform: 'fcm' | 'apns', token: string): Promise<void> {
  const job: DeviceReleaseJob = { userId, release: { platform, token } };
  return queue.send(MOBILE_PUSH_QUEUE, job);
}

/**
 * Sends game events to users: to their live connection when online, otherwise through the job
 * queue to mobile push, so a slow mobile service never slows the caller.
 */
export class Notifier {
  constructor(
    private readonly push: Push,
    private readonly queue: Queue,
  ) {}

  /** Publishes the event, falling back to a queued mobile push if the user is offline. */
  async notify(userId: string, event: PushEvent): Promise<NotifyOutcome> {
    const [outcome] = await this.notifyAll([userId], event);
    return outcome!;
  }

  /**
   * Publishes the event to each user; the offline ones share queued mobile push jobs of up to
   * `MOBILE_PUSH_BATCH` users (one send per page of a fan-out instead of one per member). Outcomes
   * in the order of `userIds`.
   */
  async notifyAll(userIds: readonly string[], event: PushEvent): Promise<NotifyOutcome[]> {
    const outcomes = await Promise.all(userIds.map(async (userId): Promise<NotifyOutcome> => ((await this.push.publish(userId, event)) === 'delivered' ? 'delivered' : 'queued')));
    const offline = userIds.filter((_, index) => outcomes[index] === 'queued');
    const jobs: MobilePushJob[] = [];
    for (let start = 0; start < offline.length; start += MOBILE_PUSH_BATCH) jobs.push({ userIds: offline.slice(start, start + MOBILE_PUSH_BATCH), event });
    await Promise.all(jobs.map((job) => this.queue.send(MOBILE_PUSH_QUEUE, job)));
    return outcomes;
  }
}

/**
 * The job that hands a queued notification, or a device release, to mobile push. When the push
 * of some of a job's users fails, only those are queued again (after a backoff), so the others
 * are not notified twice; a job whose users all failed, or that was re-queued `MAX_RESENDS`
 * times, throws and is retried (and dead-lettered) as any job.
 */
export function mobilePushJob(mobilePush: MobilePush, queue: Pick<Queue, 'send'>): JobHandler {
  return async (body) => {
    const job = body as MobilePushJob | SingleMobilePushJob | DeviceReleaseJob;
    if ('release' in job) return mobilePush.releaseDevice?.(job.userId, job.release.platform, job.release.token);
    const userIds = 'userIds' in job ? job.userIds : [job.userId];
    const results = await Promise.allSettled(userIds.map((userId) => mobilePush.send(userId, job.event)));
    const failed = userIds.filter((_, index) => results[index]!.status === 'rejected');
    if (failed.length === 0) return;
    const resends = 'resends' in job ? (job.resends ?? 0) : 0;
    if (failed.length === userIds.length || resends >= MAX_RESENDS) throw (results.find((result) => result.status === 'rejected') as PromiseRejectedResult).reason;
    const retry: MobilePushJob = { userIds: failed, event: job.event, resends: resends + 1 };
    await queue.send(MOBILE_PUSH_QUEUE, retry, { delaySeconds: 2 ** resends });
  };
}
