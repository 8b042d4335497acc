import type { Feature } from '../feature';
import { PORTS } from '../container';
import type { Push } from '../ports/push';
import type { Queue } from '../ports/queue';
import { SERVICES } from '../services/tokens';
import { MOBILE_PUSH_QUEUE, mobilePushJob, Notifier } from './notifier';

/** Notifications: live push with a queued mobile fallback. */
export const notifierFeature: Feature = {
  name: 'notifier',
  bind({ bind }) {
    bind(SERVICES.Notifier).toResolvedValue((push: Push, queue: Queue) => new Notifier(push, queue), [PORTS.Push, PORTS.Queue]);
  },
  jobs(runner, get) {
    runner.register(MOBILE_PUSH_QUEUE, mobilePushJob(get(PORTS.MobilePush), get(PORTS.Queue)));
  },
};
