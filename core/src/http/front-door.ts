import type { Context, MiddlewareHandler } from 'hono';
import { logAccess, type AccessLogSink } from './access-log';
import type { AppEnv } from './env';
import { hasBody } from './has-body';
import { problemResponse, toProblem } from './problem';
import { requestHeader, setResponseHeader } from './headers';
import { routeName, type RouteStats } from './route-stats';
import { runHandlers } from './run-handlers';

/** What the app's first middleware does for every request. */
export interface FrontDoorOptions {
  /** Where access-log records go. */
  accessLog: AccessLogSink;
  /** Per-route rate, errors and latency. */
  routeStats: RouteStats;
  /** The client's address (for per-client rate limits), put on the context as `client`. */
  clientAddress: (c: Context<AppEnv>) => string | undefined;
  /**
   * Checks run in order before the route for a request that may need them (it has an `Origin`, a
   * body, or a method other than GET, HEAD and OPTIONS): CORS, body limits, maintenance mode. Each
   * must let any other request through untouched, since those skip them.
   */
  checks: readonly MiddlewareHandler<AppEnv>[];
}

/** A request id a client may choose (as Hono's request-id middleware accepts them). */
const CLIENT_REQUEST_ID = /^[\w\-=]{1,255}$/;

/** Methods that never carry a write. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Whether a request may need the checks: a browser's, one with a body, or a write. */
const needsChecks = (c: Context<AppEnv>) => requestHeader(c, 'origin') !== undefined || !SAFE_METHODS.has(c.req.method) || hasBody(c);

/**
 * The app's first middleware, one for what every request needs, so a plain read pays one
 * middleware rather than one each: the request id (the client's `X-Request-Id` if well-formed,
 * else a new UUID; answered in `X-Request-Id`), the client's address, the checks (only for a request
 * that may need them; what they throw answers as a problem), then after the route the per-route
 * stats and the access-log record (errors included: the error mapper has made them responses).
 */
export function frontDoor(options: FrontDoorOptions): MiddlewareHandler<AppEnv> {
  const { accessLog, routeStats, clientAddress, checks } = options;
  return async (c, next) => {
    const started = performance.now();
    let requestId = requestHeader(c, 'x-request-id');
    if (requestId === undefined || !CLIENT_REQUEST_ID.test(requestId)) requestId = crypto.randomUUID();
    c.set('requestId', requestId);
    setResponseHeader(c, 'x-request-id', requestId);
    c.set('client', clientAddress(c) ?? 'unknown');
    if (checks.length > 0 && needsChecks(c)) {
      try {
        await runHandlers(checks, c, next);
      } catch (error) {
        c.res = problemResponse(c, toProblem(error, requestId));
      }
    } else await next();
    const durationMs = performance.now() - started;
    routeStats.record(routeName(c), c.res.status, durationMs);
    const logged = logAccess(c, durationMs, accessLog);
    if (logged) await logged;
  };
}
