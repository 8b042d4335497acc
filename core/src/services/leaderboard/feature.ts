import type { Feature } from '../../feature';
import { PORTS, resolve } from '../../container';
import type { Clock } from '../../ports/clock';
import type { Ids } from '../../ports/ids';
import type { Queue } from '../../ports/queue';
import type { Store } from '../../ports/store';
import { HotKeyTracker } from '../../store/hot-keys';
import { SERVICES } from '../tokens';
import { LEADERBOARD_QUEUE, LeaderboardService, type AggregateJob } from './leaderboard-service';

/** Leaderboards: sharded score documents, rankings built by a queued job. */
export const leaderboardFeature: Feature = {
  name: 'leaderboard',
  bind({ bind }) {
    bind(SERVICES.Leaderboard).toResolvedValue(
      (store: Store, queue: Queue, ids: Ids, clock: Clock) => new LeaderboardService(store, queue, ids, clock, new HotKeyTracker()),
      [PORTS.Store, PORTS.Queue, PORTS.Ids, PORTS.Clock],
    );
  },
  async routes(app, { container }) {
    const { leaderboardRoutes } = await import('./routes');
    leaderboardRoutes(app, resolve(container, SERVICES.Leaderboard));
  },
  jobs(runner, get) {
    runner.register(LEADERBOARD_QUEUE, (body) => get(SERVICES.Leaderboard).runJob(body as AggregateJob));
  },
};
