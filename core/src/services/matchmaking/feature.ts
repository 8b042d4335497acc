import type { Feature } from '../../feature';
import { PORTS, resolve } from '../../container';
import type { Clock } from '../../ports/clock';
import type { Ids } from '../../ports/ids';
import type { Queue } from '../../ports/queue';
import type { Store } from '../../ports/store';
import type { Notifier } from '../../push/notifier';
import { SERVICES } from '../tokens';
import { MATCHMAKING_EXPIRE_QUEUE, MATCHMAKING_MATCHED_QUEUE, MatchmakingService, type ExpireJob, type MatchedJob } from './matchmaking-service';

/** Matchmaking: gatherings with rules, `matched` pushes, timeouts. */
export const matchmakingFeature: Feature = {
  name: 'matchmaking',
  bind({ bind }) {
    bind(SERVICES.Matchmaking).toResolvedValue(
      (store: Store, queue: Queue, ids: Ids, clock: Clock, notifier: Notifier) => new MatchmakingService(store, queue, ids, clock, notifier),
      [PORTS.Store, PORTS.Queue, PORTS.Ids, PORTS.Clock, SERVICES.Notifier],
    );
  },
  async routes(app, { container }) {
    const { matchmakingRoutes } = await import('./routes');
    matchmakingRoutes(app, resolve(container, SERVICES.Matchmaking));
  },
  jobs(runner, get) {
    runner.register(MATCHMAKING_EXPIRE_QUEUE, (body) => get(SERVICES.Matchmaking).runTimeout(body as ExpireJob));
    runner.register(MATCHMAKING_MATCHED_QUEUE, (body) => get(SERVICES.Matchmaking).runMatched(body as MatchedJob));
  },
};
