import type { MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';

/** Latency histogram buckets: bucket `i` holds durations up to `FIRST_BOUND_MS * GROWTH^i` (0.1 ms … about 2 min, ±10%). */
const FIRST_BOUND_MS = 0.1;
const GROWTH = 1.2;
const BUCKETS = 78;
const LOG_GROWTH = Math.log(GROWTH);

/** Upper bound in ms of histogram bucket `i`. */
const bucketBound = (i: number) => FIRST_BOUND_MS * GROWTH ** i;

/** The bucket a duration falls in (the last one holds everything longer). */
function bucketOf(ms: number): number {
  if (ms <= FIRST_BOUND_MS) return 0;
  return Math.min(BUCKETS - 1, Math.ceil(Math.log(ms / FIRST_BOUND_MS) / LOG_GROWTH));
}

/** One route's calls during one second. */
interface Cell {
  requests: number;
  errors: number;
  durations: Uint32Array;
}

/** One second of every route's calls. */
interface Slot {
  second: number;
  routes: Map<string, Cell>;
}

/** A route's rate, errors and duration over the window asked. */
export interface RouteFigures {
  /** `METHOD /path/:param` as the route was declared. */
  route: string;
  requests: number;
  /** Requests per second over the window. */
  perSecond: number;
  /** Responses with a 5xx status. */
  errors: number;
  errorRate: number;
  /** Median and 99th percentile duration in ms (histogram estimates, within 10%). */
  p50Ms: number;
  p99Ms: number;
}

/** Every route's figures plus the per-second totals, oldest second first. */
export interface RouteStatsSnapshot {
  windowSeconds: number;
  routes: RouteFigures[];
  series: { second: number; requests: number; errors: number }[];
}

/** Longest window kept, in seconds. */
export const ROUTE_STATS_WINDOW_SECONDS = 300;

/**
 * Rate, errors and duration (RED) per route over the last seconds, in process memory: a ring of
 * one-second slots, each holding a count, an error count and a log-scale latency histogram per
 * route. Recording is a map lookup and three increments; memory is bounded by the window and the
 * number of routes. Figures are per process (per function instance), which is what a live
 * dashboard of one server shows; exported metrics (OpenTelemetry) aggregate across instances.
 */
export class RouteStats {
  private readonly slots: Slot[] = [];

  constructor(private readonly now: () => number = Date.now) {}

  /** Records one call of `route` that answered `status` after `ms` milliseconds. */
  record(route: string, status: number, ms: number): void {
    const second = Math.floor(this.now() / 1000);
    const index = second % ROUTE_STATS_WINDOW_SECONDS;
    let slot = this.slots[index];
    if (slot?.second !== second) this.slots[index] = slot = { second, routes: new Map() };
    let cell = slot.routes.get(route);
    if (!cell) slot.routes.set(route, (cell = { requests: 0, errors: 0, durations: new Uint32Array(BUCKETS) }));
    cell.requests++;
    if (status >= 500) cell.errors++;
    cell.durations[bucketOf(ms)]!++;
  }

  /** The figures of the last `windowSeconds` (at most `ROUTE_STATS_WINDOW_SECONDS`), busiest route first. */
  snapshot(windowSeconds = 60): RouteStatsSnapshot {
    const window = Math.max(1, Math.min(ROUTE_STATS_WINDOW_SECONDS, Math.floor(windowSeconds)));
    const last = Math.floor(this.now() / 1000);
    const merged = new Map<string, Cell>();
    const series: RouteStatsSnapshot['series'] = [];
    for (let second = last - window + 1; second <= last; second++) {
      const slot = this.slots[second % ROUTE_STATS_WINDOW_SECONDS];
      const point = { second, requests: 0, errors: 0 };
      if (slot?.second === second) {
        for (const [route, cell] of slot.routes) {
          let total = merged.get(route);
          if (!total) merged.set(route, (total = { requests: 0, errors: 0, durations: new Uint32Array(BUCKETS) }));
          total.requests += cell.requests;
          total.errors += cell.errors;
          for (let i = 0; i < BUCKETS; i++) total.durations[i]! += cell.durations[i]!;
          point.requests += cell.requests;
          point.errors += cell.errors;
        }
      }
      series.push(point);
    }
    const routes = [...merged].map(([route, cell]) => ({
      route,
      requests: cell.requests,
      perSecond: cell.requests / window,
      errors: cell.errors,
      errorRate: cell.errors / cell.requests,
      p50Ms: percentile(cell.durations, cell.requests, 0.5),
      p99Ms: percentile(cell.durations, cell.requests, 0.99),
    }));
    routes.sort((a, b) => b.requests - a.requests || (a.route < b.route ? -1 : 1));
    return { windowSeconds: window, routes, series };
  }
}

/** The upper bound of the bucket holding the `q` quantile of `count` durations. */
function percentile(durations: Uint32Array, count: number, q: number): number {
  const rank = Math.max(1, Math.ceil(q * count));
  let seen = 0;
  for (let i = 0; i < BUCKETS; i++) {
    seen += durations[i]!;
    if (seen >= rank) return Math.round(bucketBound(i) * 100) / 100;
  }
  return Math.round(bucketBound(BUCKETS - 1) * 100) / 100;
}

/** The route a request matched, as declared (`GET /v1/users/:userId/wallet`); unmatched paths share their guard's pattern. */
export const routeName = (c: Parameters<MiddlewareHandler>[0]) => `${c.req.method} ${routePath(c, -1)}`;
