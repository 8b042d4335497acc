import type { Feature } from '../../feature';
import { PORTS, resolve } from '../../container';
import type { Clock } from '../../ports/clock';
import type { Ids } from '../../ports/ids';
import type { Queue } from '../../ports/queue';
import type { Store } from '../../ports/store';
import type { Notifier } from '../../push/notifier';
import { SERVICES } from '../tokens';
import { CHAT_FANOUT_QUEUE, ChatService, type FanoutJob } from './chat-service';

/** Chat: rooms, messages by time, pushes to subscribers through a queued fan-out. */
export const chatFeature: Feature = {
  name: 'chat',
  bind({ bind }) {
    bind(SERVICES.Chat).toResolvedValue(
      (store: Store, queue: Queue, ids: Ids, clock: Clock, notifier: Notifier) => new ChatService(store, queue, ids, clock, notifier),
      [PORTS.Store, PORTS.Queue, PORTS.Ids, PORTS.Clock, SERVICES.Notifier],
    );
  },
  async routes(app, { container }) {
    const { chatRoutes } = await import('./routes');
    chatRoutes(app, resolve(container, SERVICES.Chat));
  },
  jobs(runner, get) {
    runner.register(CHAT_FANOUT_QUEUE, (body) => get(SERVICES.Chat).runFanout(body as FanoutJob));
  },
};
