import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context, Handler, MiddlewareHandler } from 'hono';
import type { Feature, RouteContext } from './feature';
import type { AppEnv } from './http/env';
import { describeFeatureRoutes, type RouteAction } from './http/route-actions';
import { runHandlers } from './http/run-handlers';

/** One feature's routes once its code is loaded: the OpenAPI app they are mounted on, and each route's handlers in order (keyed `METHOD path`). */
export interface LoadedFeature {
  app: OpenAPIHono<AppEnv>;
  handlers: Map<string, MiddlewareHandler<AppEnv>[]>;
}

/** What a route's last handler is given as `next`: nothing comes after it. */
const nothingAfter = () => Promise.resolve();

/**
 * Runs a route's handlers (validators, then the handler) and answers the response they give; a
 * route with no validator is its handler alone, called as Hono would call it.
 */
const run = (handlers: readonly MiddlewareHandler<AppEnv>[], c: Context<AppEnv>) => (handlers.length === 1 ? handlers[0]!(c, nothingAfter) : runHandlers(handlers, c).then(() => c.res));

/**
 * Loads each feature's routes on the first request that reaches one of them (its routes module,
 * its zod schemas and the OpenAPI machinery), so a cold start parses only what its first request
 * needs while one app still serves every route. The app routes each request with the route table
 * (`ROUTE_TABLE`); `handler` stands in for a route until its feature is loaded.
 */
export class FeatureRoutes {
  private readonly loading = new Map<string, Promise<LoadedFeature>>();
  private readonly loaded = new Set<string>();

  constructor(
    private readonly features: readonly Feature[],
    private readonly context: RouteContext,
  ) {}

  /** Loads a feature's routes (once); rejects if the feature mounts a route the route table lacks. */
  load(name: string): Promise<LoadedFeature> {
    let loading = this.loading.get(name);
    if (!loading) {
      loading = this.mount(name);
      this.loading.set(name, loading);
      loading.then(() => this.loaded.add(name)).catch(() => this.loading.delete(name));
    }
    return loading;
  }

  /** Undefined once the feature's routes are loaded, else the promise of their loading. */
  ready(name: string): Promise<unknown> | undefined {
    return this.loaded.has(name) ? undefined : this.load(name);
  }

  /** Every feature's routes, in mounting order (for the OpenAPI document). */
  loadAll(): Promise<LoadedFeature[]> {
    return Promise.all(this.features.filter((feature) => feature.routes).map((feature) => this.load(feature.name)));
  }

  /** The handler the app mounts for one route of the table: loads the route's feature on first use, then runs the route's own handlers. */
  handler(route: RouteAction): Handler<AppEnv> {
    const id = `${route.method} ${route.path}`;
    let handlers: MiddlewareHandler<AppEnv>[] | undefined;
    return (c) => {
      if (handlers) return run(handlers, c);
      return this.load(route.feature).then((feature) => run((handlers = feature.handlers.get(id)!), c));
    };
  }

  private async mount(name: string): Promise<LoadedFeature> {
    const feature = this.features.find((each) => each.name === name);
    if (!feature?.routes) throw new Error(`no feature ${name} with routes`);
    const { featureApp } = await import('./http/feature-app');
    const app = featureApp();
    await feature.routes(app, this.context);
    const { routes, paramSchemas } = describeFeatureRoutes(name, app.routes, app.openAPIRegistry.definitions);
    const table = new Set(this.context.actions.list().map((route) => `${route.feature} ${route.method} ${route.path} ${route.action} ${route.role}`));
    const stale = routes.filter((route) => !table.has(`${route.feature} ${route.method} ${route.path} ${route.action} ${route.role}`));
    if (stale.length > 0) throw new Error(`the route table lacks ${stale.map((route) => `${route.method} ${route.path}`).join(', ')}: run npm run routes -w @kumo/core`);
    this.context.actions.addParamSchemas(paramSchemas);
    const handlers = new Map<string, MiddlewareHandler<AppEnv>[]>();
    for (const { method, path, handler } of app.routes) {
      const id = `${method} ${path}`;
      handlers.set(id, [...(handlers.get(id) ?? []), handler as MiddlewareHandler<AppEnv>]);
    }
    return { app, handlers };
  }
}
