import type { Feature } from '../../feature';
import { PORTS, resolve } from '../../container';
import { SERVICES } from '../tokens';
import { Dashboard } from './dashboard';

/** The operations dashboard: live per-route figures, hot keys and job backlog for the console. */
export const dashboardFeature: Feature = {
  name: 'dashboard',
  bind() {},
  async routes(app, { container }) {
    const [stats, hotKeys, jobs] = [resolve(container, SERVICES.RouteStats), resolve(container, SERVICES.HotKeys), resolve(container, SERVICES.Jobs)];
    const { dashboardRoutes } = await import('./routes');
    dashboardRoutes(app, new Dashboard(stats, hotKeys, jobs, resolve(container, PORTS.Queue), resolve(container, SERVICES.DeadLetters), resolve(container, PORTS.Clock)));
  },
};
