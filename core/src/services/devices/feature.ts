import type { Feature } from '../../feature';
import { PORTS, resolve } from '../../container';
import type { Clock } from '../../ports/clock';
import type { Queue } from '../../ports/queue';
import type { Store } from '../../ports/store';
import { queueDeviceRelease } from '../../push/notifier';
import { SERVICES } from '../tokens';
import { DevicesService } from './devices-service';

/** The device registry: players' push tokens, read by mobile push when they are offline. */
export const devicesFeature: Feature = {
  name: 'devices',
  bind({ bind }) {
    bind(SERVICES.Devices).toResolvedValue(
      (store: Store, clock: Clock, queue: Queue) => new DevicesService(store, clock, (userId, platform, token) => queueDeviceRelease(queue, userId, platform, token)),
      [PORTS.Store, PORTS.Clock, PORTS.Queue],
    );
  },
  async routes(app, { container }) {
    const { devicesRoutes } = await import('./routes');
    devicesRoutes(app, resolve(container, SERVICES.Devices));
  },
};
