import type { Feature } from '../feature';
import { PORTS, resolve } from '../container';
import { pushConnectionRoutes } from './connection-routes';

/** The negotiate route: tells a player's game client how to connect to the push backend. */
export const pushConnectionFeature: Feature = {
  name: 'push',
  bind() {},
  routes(app, { container }) {
    pushConnectionRoutes(app, resolve(container, PORTS.Push));
  },
};
