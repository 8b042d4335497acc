import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Container, ContainerModuleLoadOptions } from 'inversify';
import type { AppEnv } from './http/env';
import type { RouteActions } from './http/route-actions';
import type { JobRunner } from './jobs/job-runner';
import type { Token } from './container';

/** What a feature's routes need besides its services. */
export interface RouteContext {
  container: Container;
  /** Every route's policy action (complete once all features are mounted). */
  actions: RouteActions;
}

/**
 * One game service as a unit: its container bindings, its HTTP routes and its queue jobs.
 * Features are listed in `features.ts`; `coreModule` binds them and `createApp` mounts them.
 */
export interface Feature {
  name: string;
  /** Binds the feature's services (use `toResolvedValue` with port and service tokens). */
  bind(options: ContainerModuleLoadOptions): void;
  /** Registers the feature's routes on the one app; each route's `security` declares who may call it. */
  routes?(app: OpenAPIHono<AppEnv>, context: RouteContext): void;
  /** Registers the feature's queue job handlers; `get` resolves ports and services. */
  jobs?(runner: JobRunner, get: <T>(id: Token<T>) => T): void;
}
