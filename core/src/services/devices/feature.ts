import type { Feature } from '../../feature';
import { PORTS, resolve } from '../../container';
import type { Clock } from '../../ports/clock';
import type { Store } from '../../ports/store';
import { SERVICES } from '../tokens';
import { DevicesService } from './devices-service';
import { devicesRoutes } from './routes';

/** The device registry: players' push tokens, read by mobile push when they are offline. */
export const devicesFeature: Feature = {
  name: 'devices',
  bind({ bind }) {
    bind(SERVICES.Devices).toResolvedValue((store: Store, clock: Clock) => new DevicesService(store, clock), [PORTS.Store, PORTS.Clock]);
  },
  routes(app, { container }) {
    devicesRoutes(app, resolve(container, SERVICES.Devices));
  },
};
