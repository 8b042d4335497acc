import type { Feature } from '../feature';
import { PORTS, resolve } from '../container';
import type { Clock } from '../ports/clock';
import type { Queue } from '../ports/queue';
import type { Store } from '../ports/store';
import { SERVICES } from '../services/tokens';
import { DeadLetters } from './dead-letters';
import { STORE_SWEEP_QUEUE, sweepStore } from './store-sweep';

/** The job queues' admin side (dead-letter lists, replay and discard) and the store sweep job. */
export const jobsFeature: Feature = {
  name: 'jobs',
  bind({ bind }) {
    bind(SERVICES.DeadLetters).toResolvedValue((store: Store, queue: Queue, clock: Clock) => new DeadLetters(store, queue, clock), [PORTS.Store, PORTS.Queue, PORTS.Clock]);
  },
  jobs(runner, get) {
    const store = get(PORTS.Store);
    if (store.sweepExpired) runner.register(STORE_SWEEP_QUEUE, async () => void (await sweepStore(store)));
  },
  async routes(app, { container }) {
    const { jobRoutes } = await import('./routes');
    jobRoutes(app, resolve(container, SERVICES.Jobs), resolve(container, SERVICES.DeadLetters));
  },
};
