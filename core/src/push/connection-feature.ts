import type { Feature } from '../feature';
import { PORTS, resolve } from '../container';

/** The negotiate route: tells a player's game client how to connect to the push backend. */
export const pushConnectionFeature: Feature = {
  name: 'push',
  bind() {},
  async routes(app, { container }) {
    const { pushConnectionRoutes } = await import('./connection-routes');
    pushConnectionRoutes(app, resolve(container, PORTS.Push));
  },
};
