import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Container, ContainerModuleLoadOptions } from 'inversify';
import type { AppEnv } from './http/env';
import type { RouteActions } from './http/route-actions';
import type { JobRunner } from './jobs/job-runner';
import type { Token } from './container';

/** What a feature's routes need besides its services. */
export interface RouteContext {
  container: Container;
  /** Every route's policy action (from the route table). */
  actions: RouteActions;
}

/**
 * One game service as a unit: its container bindings, its HTTP routes and its queue jobs.
 * Features are listed in `features.ts`; `coreModule` binds them and `createApp` serves their routes.
 */
export interface Feature {
  name: string;
  /** Binds the feature's services (use `toResolvedValue` with port and service tokens). */
  bind(options: ContainerModuleLoadOptions): void;
  /**
   * Registers the feature's routes on the feature's own OpenAPI app, which the one app serves once
   * the first request reaches the feature (import the routes module here, with `await import`, so a
   * cold start does not load it); each route's `security` declares who may call it. Every route must
   * be in `ROUTE_TABLE` (`npm run routes -w @kumo/core` regenerates it).
   */
  routes?(app: OpenAPIHono<AppEnv>, context: RouteContext): Promise<void>;
  /** Registers the feature's queue job handlers; `get` resolves ports and services. */
  jobs?(runner: JobRunner, get: <T>(id: Token<T>) => T): void;
}
