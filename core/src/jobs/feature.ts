import type { Feature } from '../feature';
import { PORTS, resolve } from '../container';
import type { Clock } from '../ports/clock';
import type { Queue } from '../ports/queue';
import type { Store } from '../ports/store';
import { SERVICES } from '../services/tokens';
import { DeadLetters } from './dead-letters';
import { jobRoutes } from './routes';

/** The job queues' admin side: dead-letter lists, replay and discard. */
export const jobsFeature: Feature = {
  name: 'jobs',
  bind({ bind }) {
    bind(SERVICES.DeadLetters).toResolvedValue((store: Store, queue: Queue, clock: Clock) => new DeadLetters(store, queue, clock), [PORTS.Store, PORTS.Queue, PORTS.Clock]);
  },
  routes(app, { container, admin }) {
    app.use('/v1/admin/jobs/*', admin);
    jobRoutes(app, resolve(container, SERVICES.Jobs), resolve(container, SERVICES.DeadLetters));
  },
};
