import type { MiddlewareHandler } from 'hono';
import type { ConsumptionMeter } from '../ports/consumption';
import type { Push } from '../ports/push';
import type { Queue } from '../ports/queue';
import type { Store } from '../ports/store';
import type { HotKeyTracker } from '../store/hot-keys';
import type { AppEnv } from './env';

/**
 * Wrappers applied to the adapter's ports where the container builds them (`decoratePorts`):
 * each returns a port that behaves exactly as the one given (same results, same errors, every
 * optional method kept) and observes its calls.
 */
export interface PortDecorators {
  store?(store: Store): Store;
  queue?(queue: Queue): Queue;
  push?(push: Push): Push;
  /**
   * Runs each job (`JobRunner.run`: the cloud triggers' and the pull worker's alike) inside it:
   * it calls `run` once, with the body the handler is to get, and passes on its result or error.
   * A queue decorator that adds fields to the bodies it sends (a trace context) takes them off here.
   */
  jobs?(queue: string, body: unknown, run: (body: unknown) => Promise<void>): Promise<void>;
}

/**
 * Traces and metrics exported out of the process (OpenTelemetry: `@kumo/adapter-otel`). Off unless
 * a deployment configures it; when off nothing of it runs on a request.
 */
export interface Telemetry {
  /** Runs first on every request: a span named by route, and the route's rate, errors and duration. */
  requests: MiddlewareHandler<AppEnv>;
  /** Child spans around the Store, Queue and Push calls made while serving a request (calls outside a request are not traced). */
  ports: PortDecorators;
  /**
   * A meter to give the adapter's clients (`meterDynamoClient`, `cosmosConsumptionPlugin`,
   * `meterDatastore`): what a traced port call consumed becomes attributes of its span.
   */
  consumption?: ConsumptionMeter;
  /** Exports the tracker's busiest documents and their share of accesses as metrics (`createApp` hands it the store's). */
  hotKeys(tracker: HotKeyTracker): void;
  /** Exports what is buffered; a serverless entry awaits it before its invocation ends. Never throws. */
  flush(): Promise<void>;
}
