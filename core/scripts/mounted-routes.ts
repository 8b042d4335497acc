import type { Container } from 'inversify';
import { coreModule } from '../src/core-module';
import { createContainer, portsModule } from '../src/container';
import type { RouteContext } from '../src/feature';
import { FEATURES } from '../src/features';
import { featureApp } from '../src/http/feature-app';
import { describeFeatureRoutes, RouteActions, type RouteAction } from '../src/http/route-actions';
import type { Capabilities } from '../src/ports/capabilities';
import { lazyPorts } from '../src/lazy-ports';

/**
 * Every route each feature mounts, with its action and role, in mounting order: what
 * `ROUTE_TABLE` must hold. Mounts the features on ports that never load (mounting calls no backend).
 */
export async function mountedRoutes(): Promise<RouteAction[]> {
  const capabilities = { store: {}, queue: {}, push: {} } as Capabilities;
  const ports = lazyPorts({ capabilities }, () => Promise.reject(new Error('mounting routes calls no backend')));
  const container: Container = createContainer(portsModule(ports, capabilities), coreModule());
  const actions = new RouteActions();
  const context: RouteContext = { container, actions };
  for (const feature of FEATURES) {
    if (!feature.routes) continue;
    const app = featureApp();
    await feature.routes(app, context);
    for (const route of describeFeatureRoutes(feature.name, app.routes, app.openAPIRegistry.definitions).routes) actions.add(route);
  }
  return [...actions.list()];
}
