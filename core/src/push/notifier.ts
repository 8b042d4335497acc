import type { MobilePush, Push, PushEvent } from '../ports/push';
import type { Queue } from '../ports/queue';
import type { JobHandler } from '../jobs/job-runner';

/** Queue of mobile notifications for users who were offline. */
export const MOBILE_PUSH_QUEUE = 'kumo-mobile-push';

/** How a notification went: straight to a live client, or queued for mobile push. */
export type NotifyOutcome = 'delivered' | 'queued';

/** A queued mobile notification. */
interface MobilePushJob {
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
    if ((await this.push.publish(userId, event)) === 'delivered') return 'delivered';
    const job: MobilePushJob = { userId, event };
    await this.queue.send(MOBILE_PUSH_QUEUE, job);
    return 'queued';
  }
}

/** The job that hands a queued notification, or a device release, to mobile push. */
export function mobilePushJob(mobilePush: MobilePush): JobHandler {
  return async (body) => {
    const job = body as MobilePushJob | DeviceReleaseJob;
    if ('release' in job) await mobilePush.releaseDevice?.(job.userId, job.release.platform, job.release.token);
    else await mobilePush.send(job.userId, job.event);
  };
}
